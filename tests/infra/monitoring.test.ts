import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../infra/stacks/edge-waf-stack.js';
import { logicalId, synth } from './synth.js';

const { app, stack, template } = synth();
const edge = Template.fromStack(app.node.findChild('CommunityPointsEdge') as Stack);
const topicId = logicalId(stack.monitoring.topic);

type Resource = { Properties: Record<string, unknown> };
const all = (type: string) => template.findResources(type) as Record<string, Resource>;
const alarms = () => Object.values(all('AWS::CloudWatch::Alarm'));
const alarmJson = () => alarms().map((a) => JSON.stringify(a.Properties));

describe('alarms, dashboard, topic', () => {
  it('has one dashboard and an encrypted alarm topic, named in the outputs', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
  });

  it('notifies the topic from every alarm, on alarm and on recovery', () => {
    expect(alarms().length).toBeGreaterThanOrEqual(9);
    for (const a of alarms()) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  it('alarms on the API 5xx rate and p99 latency', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx' }) }) }),
      ]),
      Threshold: 5,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Latency',
      Namespace: 'AWS/ApiGateway',
      ExtendedStatistic: 'p99',
    });
  });

  it('alarms on errors and throttles of every function of the app', () => {
    const appFunctions = Object.entries(all('AWS::Lambda::Function')).filter(
      // AppFunction's (X-Ray active); CDK's own deploy-time helpers are not the app's.
      ([, f]) => JSON.stringify(f.Properties.TracingConfig) === '{"Mode":"Active"}',
    );
    expect(appFunctions.length).toBeGreaterThanOrEqual(2);
    for (const [id] of appFunctions) {
      for (const metric of ['Errors', 'Throttles']) {
        const watched = alarmJson().some(
          (a) => a.includes(`"MetricName":"${metric}"`) && a.includes(`"Value":{"Ref":"${id}"}`),
        );
        expect(watched, `${metric} alarm for ${id}`).toBe(true);
      }
    }
  });

  it('alarms on DynamoDB throttles and system errors of the table', () => {
    const tableRef = `{"Ref":"${logicalId(stack.data.table)}"}`;
    for (const metric of ['ThrottledRequests', 'SystemErrors']) {
      expect(alarmJson().some((a) => a.includes(`"MetricName":"${metric}"`) && a.includes(tableRef))).toBe(true);
    }
  });

  it('gives every queue (each a dead-letter queue) a depth alarm', () => {
    const queues = Object.keys(all('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThanOrEqual(1);
    for (const q of queues) {
      expect(
        alarmJson().some(
          (a) => a.includes('ApproximateNumberOfMessagesVisible') && a.includes(`"Fn::GetAtt":["${q}","QueueName"]`),
        ),
        `depth alarm for ${q}`,
      ).toBe(true);
    }
  });
});

describe('dead-letter queues', () => {
  it('sends a scheduled run that fails after its retries, or cannot be delivered, to the jobs DLQ', () => {
    const dlq = { 'Fn::GetAtt': [logicalId(stack.jobs.deadLetters), 'Arn'] };
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          DeadLetterConfig: { Arn: dlq },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Releases reward reservations past their expiry',
      DeadLetterConfig: { TargetArn: dlq },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
  });
});

describe('edge WAF (us-east-1)', () => {
  it('is a CLOUDFRONT web ACL in us-east-1 with the managed rule groups', () => {
    expect((app.node.findChild('CommunityPointsEdge') as Stack).region).toBe('us-east-1');
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith(
        [
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesKnownBadInputsRuleSet',
          'AWSManagedRulesCommonRuleSet',
        ].map((name) =>
          Match.objectLike({
            Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: name, VendorName: 'AWS' }) },
          }),
        ),
      ),
    });
  });

  it('rate-limits per client address, tightest on /api/auth/otp', () => {
    const acl = Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0] as Resource;
    type Rule = { Name: string; Statement: { RateBasedStatement?: { Limit: number; ScopeDownStatement: unknown } } };
    const rates = (acl.Properties.Rules as Rule[]).filter((r) => r.Statement.RateBasedStatement);
    const limit = (name: string) => rates.find((r) => r.Name === name)!.Statement.RateBasedStatement!;
    expect(limit('RateOtp').Limit).toBe(RATE_LIMITS.otp);
    expect(JSON.stringify(limit('RateOtp').ScopeDownStatement)).toContain('/api/auth/otp');
    expect(Math.min(...rates.map((r) => r.Statement.RateBasedStatement!.Limit))).toBe(RATE_LIMITS.otp);
  });

  it('lets bin batches (up to 256 KiB) through the common rule set: body size rule only counts', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: Match.arrayWith([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]),
            }),
          },
        }),
      ]),
    });
  });

  it('is associated with the distribution through the ARN read from us-east-1 at deploy time', () => {
    edge.hasResourceProperties('AWS::SSM::Parameter', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [Match.anyValue(), 'Parameter.Value'] } }),
    });
    expect(stack.dependencies.map((s) => s.stackName)).toContain('CommunityPointsEdge');
  });

  it('is left out with -c edgeWaf=false', () => {
    const off = synth({ context: { edgeWaf: 'false' } });
    expect(off.app.node.tryFindChild('CommunityPointsEdge')).toBeUndefined();
    off.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.not(Match.objectLike({ WebACLId: Match.anyValue() })),
    });
  });
});
