import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnElement, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll } from 'vitest';
import { cloudApp } from '../../infra/cloud-app.js';
import { fromRoot } from '../../infra/paths.js';
import type { CommunityPointsStack } from '../../infra/stacks/community-points-stack.js';

/** The context of `cdk.json` (feature flags), so tests synthesise what `cdk synth` synthesises. */
export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface SynthOptions {
  /** Run esbuild for the functions (slower); off, CDK uses placeholder assets. */
  bundle?: boolean;
  /** Where the built web is; default a path that does not exist (clean checkout). */
  webDist?: string;
  outdir?: string;
  context?: Record<string, unknown>;
}

export interface Synthesized {
  app: App;
  stack: CommunityPointsStack;
  template: Template;
}

// Each synthesis writes a cloud assembly (the web upload alone stages ~20 MB); remove them after the file.
const outdirs: string[] = [];
afterAll(() => outdirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh cloud-assembly directory, removed after the test file. */
export function tempOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-test-'));
  outdirs.push(dir);
  return dir;
}

/** Builds the real app (with its cdk-nag plugin) and synthesises it once. */
export function synth(opts: SynthOptions = {}): Synthesized {
  const { app, stack } = cloudApp(
    {
      outdir: opts.outdir ?? tempOutdir(),
      context: {
        ...cdkJsonContext(),
        ...(opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
        ...opts.context,
      },
    },
    { webDist: opts.webDist ?? fromRoot('tests', 'infra', 'no-such-web-dist') },
  );
  return { app, stack, template: Template.fromStack(stack) };
}

/** A construct's CloudFormation logical id, as `Ref`/`Fn::GetAtt` in the template name it. */
export function logicalId(construct: IConstruct): string {
  const el = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(el instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return el.stack.resolve(el.logicalId) as string;
}
