import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('metrics in Lambda', () => {
  it('publishes one EMF line in the CommunityPoints namespace per invocation, and nothing when nothing was counted', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'api-fn');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const { countMetric, publishMetrics } = await import('../../../functions/observability/metrics.js');
    publishMetrics();
    expect(lines).toEqual([]);
    countMetric('ScansAccepted', 3);
    countMetric('ScansAccepted', 2);
    countMetric('FlagsRaised', 0);
    publishMetrics();
    vi.restoreAllMocks();
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0]!) as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] };
    };
    expect(emf._aws.CloudWatchMetrics[0]!.Namespace).toBe('CommunityPoints');
    expect(emf._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name)).toEqual(['ScansAccepted']);
    expect(emf.ScansAccepted).toEqual([3, 2]);
    expect(emf.service).toBe('community-points');
  });
});
