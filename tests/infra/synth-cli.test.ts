import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run synth', () => {
  it('synthesises offline with the pinned CDK CLI, cdk-nag included, for a concrete region too', () => {
    mkdirSync('cdk.out', { recursive: true });
    const out = mkdtempSync(join('cdk.out', 'cli-'));
    const r = spawnSync(process.execPath, ['node_modules/aws-cdk/bin/cdk', 'synth', '--no-notices', '-q', '-o', out], {
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DEFAULT_REGION: 'ap-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out)).toContain('CommunityPoints.template.json');
  }, 300_000);
});
