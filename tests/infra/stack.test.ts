import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, describe, expect, it } from 'vitest';
import { spaRewriteSource } from '../../infra/constructs/spa-rewrite.js';
import { CLOUDFRONT_LOG_REGIONS } from '../../infra/constructs/web-site.js';
import { tableDefinition } from '../../shared/db/table.js';
import { logicalId, synth } from './synth.js';

// One synthesis for the whole file (no bundling: these tests read the template, not the code).
const { stack, template } = synth();
const tableId = logicalId(stack.data.table);
const apiFnId = logicalId(stack.api.fn);
const jobFnId = logicalId(stack.jobs.expireReservations.fn);
const secretId = logicalId(stack.signingSecret);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Sid?: string;
}
const statementsOfRole = (roleId: string): Statement[] =>
  Object.values(resources)
    .filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const actions = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('DynamoDB table', () => {
  it('is built from the shared table definition: keys, every named GSI, TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.indexes.map((ix) => ({
        IndexName: ix.name,
        KeySchema: [
          { AttributeName: ix.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: ix.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      AttributeDefinitions: Match.arrayWith(
        tableDefinition.indexes.flatMap((ix) => [
          { AttributeName: ix.partitionKey.name, AttributeType: ix.partitionKey.type },
          { AttributeName: ix.sortKey.name, AttributeType: ix.sortKey.type },
        ]),
      ),
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    });
  });

  it('is on-demand with point-in-time recovery, a stream, and deletion protection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      DeletionProtectionEnabled: true,
      TableName: Match.absent(),
    });
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('is named by CDK and output as TableName', () => {
    template.hasOutput('TableName', { Value: { Ref: tableId } });
  });
});

describe('API function', () => {
  it('runs nodejs22.x on arm64 with X-Ray and its own log group kept 3 months', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: logicalId(stack.api.fn.logGroup) } },
      Description: 'community-points HTTP API (Hono)',
    });
    expect(resources[apiFnId]!.Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.absent(),
      RetentionInDays: 90,
    });
  });

  it('gets its configuration from the environment; TABLE_NAME and JWT_SECRET_ARN are references', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'community-points HTTP API (Hono)',
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: tableId },
          JWT_SECRET_ARN: { Ref: secretId },
          APP_ENV: 'cloud',
          TZ_NAME: 'Asia/Shanghai',
          NODE_OPTIONS: '--enable-source-maps',
          ADMIN_PHONE: '13800000000',
          GARBAGE_POINTS_PER_DROP: '1',
          GARBAGE_DAILY_CAP: '3',
          RESERVATION_DAYS: '7',
        },
      },
    });
  });

  it('takes settings from CDK context and refuses bad ones at synth', () => {
    const custom = synth({ context: { adminPhone: '13912345678', garbageDailyCap: '5' } });
    custom.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'community-points HTTP API (Hono)',
      Environment: { Variables: Match.objectLike({ ADMIN_PHONE: '13912345678', GARBAGE_DAILY_CAP: '5' }) },
    });
    expect(() => synth({ context: { reservationDays: 'seven' } })).toThrow(/reservationDays/);
    expect(() => synth({ context: { adminPhone: '+86 139' } })).toThrow(/adminPhone/);
  });
});

describe('IAM', () => {
  const api = statementsOfRole(logicalId(stack.api.role));
  const job = statementsOfRole(logicalId(stack.jobs.expireReservations.role));

  it('never grants a service-wide wildcard action', () => {
    const all = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) for (const a of actions(s)) expect(a).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
    // DynamoDB access is always scoped to the table (and its indexes), never `*` — but for ListStreams, which
    // has no resource-level permission (the stream event source needs it to find the table's stream).
    const ddbOnStar = all.filter(
      (s) =>
        actions(s).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams') &&
        JSON.stringify(s.Resource).includes('"*"'),
    );
    expect(ddbOnStar).toEqual([]);
  });

  it('grants the API read/write on the table and its indexes only', () => {
    const ddb = api.filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    expect(ddb).toEqual([
      {
        Effect: 'Allow',
        Action: expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ]),
        Resource: [
          { 'Fn::GetAtt': [tableId, 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/*']] },
        ],
      },
    ]);
    expect(actions(ddb[0]!)).toContain('dynamodb:ConditionCheckItem'); // TransactWriteItems guards
  });

  it('lets the API read the signing secret and nothing else in Secrets Manager', () => {
    const sm = api.filter((s) => actions(s).some((a) => a.startsWith('secretsmanager:')));
    expect(sm).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: { Ref: secretId },
      },
    ]);
  });

  it('lets the API publish SMS to phone numbers but not to any topic', () => {
    const sns = api.filter((s) => actions(s).some((a) => a.startsWith('sns:')));
    expect(sns).toEqual([
      { Sid: 'SmsToPhoneNumbers', Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
      {
        Sid: 'NoTopicPublish',
        Effect: 'Deny',
        Action: 'sns:Publish',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
      },
    ]);
  });

  it('gives the expiry job the table but neither the secret nor SNS', () => {
    expect(job.some((s) => actions(s).includes('dynamodb:Query'))).toBe(true);
    expect(job.flatMap(actions).filter((a) => /^(secretsmanager|sns):/.test(a))).toEqual([]);
  });

  it('attaches no AWS managed policy to the app functions', () => {
    for (const role of [stack.api.role, stack.jobs.expireReservations.role]) {
      expect(resources[logicalId(role)]!.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('HTTP API', () => {
  it('routes ANY /api/{proxy+} to the API function with payload 2.0', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /api/{proxy+}',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: Match.stringLikeRegexp('^HttpApiANYapiproxyLambda') }]] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [apiFnId, 'Arn'] },
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
  });

  it('throttles the stage and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApiAccessLogs'), 'Arn'] },
        Format: Match.serializedJson(Match.objectLike({ requestId: '$context.requestId', status: '$context.status' })),
      },
    });
  });

  it('is output as ApiUrl', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [logicalId(stack.httpApi.api), 'ApiEndpoint'] } });
  });
});

describe('web', () => {
  const distribution = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
  const config = distribution.Properties.DistributionConfig as Record<string, unknown>;

  it('keeps the bucket private, encrypted, versioned and HTTPS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: { Ref: logicalId(stack.web.logBucket) } }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack.web.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
  });

  it('reads the bucket through Origin Access Control, not a public website endpoint', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [logicalId(stack.web.bucket), 'RegionalDomainName'] },
            OriginAccessControlId: { 'Fn::GetAtt': [Match.stringLikeRegexp('OriginAccessControl'), 'Id'] },
          }),
        ]),
      }),
    });
  });

  it('forwards /api/* uncached, with all methods and viewer headers except Host, to the HTTP API', () => {
    const behaviours = config.CacheBehaviors as Record<string, unknown>[];
    expect(behaviours).toHaveLength(1);
    const api = behaviours[0]!;
    expect(api).toMatchObject({
      PathPattern: '/api/*',
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'https-only',
    });
    const origin = (config.Origins as Record<string, unknown>[]).find((o) => o.Id === api.TargetOriginId)!;
    expect(JSON.stringify(origin.DomainName)).toContain(`"${logicalId(stack.httpApi.api)}","ApiEndpoint"`);
    expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('rewrites history-API paths with a function, never with distribution-wide error pages', () => {
    expect(config.CustomErrorResponses).toBeUndefined();
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: spaRewriteSource,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
      ViewerProtocolPolicy: 'redirect-to-https',
    });
  });

  it('sends security headers, with a content security policy on the web', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
            Override: true,
          },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    expect((config.DefaultCacheBehavior as Record<string, unknown>).ResponseHeadersPolicyId).toEqual({
      Ref: expect.stringMatching(/^WebWebHeaders/),
    });
  });

  it('writes CloudFront logs only in regions CloudFront delivers logs to (not ap-east-1)', () => {
    const logging = config.Logging as { 'Fn::If': [string, { Bucket: unknown; Prefix: string }, unknown] };
    const [condition, whenDelivered, otherwise] = logging['Fn::If'];
    expect(whenDelivered).toEqual({
      Bucket: { 'Fn::GetAtt': [logicalId(stack.web.logBucket), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
    expect(otherwise).toEqual({ Ref: 'AWS::NoValue' });
    const regions = JSON.stringify(template.toJSON().Conditions[condition]);
    for (const r of CLOUDFRONT_LOG_REGIONS) expect(regions).toContain(`"${r}"`);
    expect(regions).not.toContain('"ap-east-1"');
  });

  it('outputs the site URL', () => {
    template.hasOutput('SiteUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.web.distribution), 'DomainName'] }]] },
    });
  });

  it('synthesises without web/dist, warning that nothing is uploaded', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    Annotations.fromStack(stack).hasWarning('/CommunityPoints/Web', Match.stringLikeRegexp('does not exist'));
  });

  describe('with a built web', () => {
    const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    const inline = 'window.early=1;';
    writeFileSync(
      join(dist, 'index.html'),
      `<!doctype html><title>t</title><script>${inline}</script><script type="module" src="/a.js"></script>`,
    );
    afterAll(() => rmSync(dist, { recursive: true, force: true }));

    it('uploads it and invalidates the distribution', () => {
      const withWeb = synth({ webDist: dist });
      withWeb.template.hasResourceProperties('Custom::CDKBucketDeployment', {
        DestinationBucketName: { Ref: logicalId(withWeb.stack.web.bucket) },
        DistributionId: { Ref: logicalId(withWeb.stack.web.distribution) },
        DistributionPaths: ['/*'],
      });
      expect(Annotations.fromStack(withWeb.stack).findWarning('/CommunityPoints/Web', Match.anyValue())).toEqual([]);
    });

    it('allows the built index.html’s inline script by its hash, and no other inline script', () => {
      const hash = createHash('sha256').update(inline).digest('base64');
      const { template: t } = synth({ webDist: dist });
      const policies = t.findResources('AWS::CloudFront::ResponseHeadersPolicy');
      const csp = Object.values(policies)
        .map((p) => p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig?.ContentSecurityPolicy)
        .find(Boolean)?.ContentSecurityPolicy as string;
      expect(csp).toContain(`script-src 'self' 'sha256-${hash}';`);
      expect(csp.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe-inline');
      expect(csp.match(/sha256-/g)).toHaveLength(1);
    });
  });
});

describe('scheduled jobs', () => {
  it('runs the reservation expiry every 15 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [jobFnId, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [jobFnId, 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });

  it('runs the notices job every 5 minutes with a dead-letter queue for failed runs', () => {
    const noticesFnId = logicalId(stack.jobs.sendNotices.fn);
    const dlqId = logicalId(stack.jobs.noticesDeadLetters.node.defaultChild!);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [noticesFnId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: noticesFnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  it('gives the job the same runtime and table environment', () => {
    expect(resources[jobFnId]!.Properties).toMatchObject({
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: { TABLE_NAME: { Ref: tableId }, APP_ENV: 'cloud', TZ_NAME: 'Asia/Shanghai' } },
    });
  });
});
