import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudApp } from '../../infra/cloud-app.js';
import { cdkJsonContext, synth, tempOutdir } from './synth.js';

// cdk-nag 3 runs as a CDK validation plugin: findings fail `app.synth()` and are returned by the
// pack's `validateScope`; they are not stack annotations, so that is what these tests read.
const findings = (scope: IConstruct) =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );

const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>t</title>');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

// Both shapes of the stack: a clean checkout (no web/dist) and a deploy with the web (BucketDeployment).
const clean = synth();
const withWeb = synth({ webDist: dist });

describe('cdk-nag AwsSolutions', () => {
  it('reports a finding on an unacknowledged resource (the check is live)', () => {
    const app = new App({ outdir: tempOutdir() });
    new Bucket(new Stack(app, 'Bare'), 'Bucket');
    expect(findings(app)).toEqual(expect.arrayContaining([expect.stringMatching(/^error AwsSolutions-S1 /)]));
  });

  it('finds no unacknowledged error or warning in the stack without the web upload', () => {
    expect(findings(clean.app)).toEqual([]);
  });

  it('finds no unacknowledged error or warning in the stack with the web upload', () => {
    expect(withWeb.stack.web.deployment).toBeDefined();
    expect(findings(withWeb.app)).toEqual([]);
  });

  it('is registered on the app, so `cdk synth` fails on a new finding', () => {
    const { app, stack } = cloudApp({
      outdir: tempOutdir(),
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    });
    new Bucket(stack, 'Unreviewed');
    expect(() => app.synth()).toThrow(/AwsSolutions\)\s+CommunityPoints\/Unreviewed\/Resource/);
  });

  it('gives every acknowledgement a specific reason', () => {
    const reasons: [string, string][] = [];
    const walk = (c: IConstruct) => {
      for (const m of c.node.metadata) {
        if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          for (const [id, reason] of Object.entries(m.data as Record<string, string>)) reasons.push([id, reason]);
        }
      }
      c.node.children.forEach(walk);
    };
    walk(withWeb.app);
    expect(reasons.length).toBeGreaterThan(10);
    for (const [id, reason] of reasons) expect(reason.length, id).toBeGreaterThan(60);
  });
});
