import { CfnElement, DefaultStackSynthesizer, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { tableDefinition } from '../shared/db/table.js';
import type { AppFunction } from './constructs/app-function.js';
import type { CommunityPointsStack } from './stacks/community-points-stack.js';

const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

/** The logical id cdk-nag prints for a resource (`<LogicalId.Arn>`). */
function logicalId(resource: IConstruct | undefined): string {
  if (!(resource instanceof CfnElement)) throw new Error('expected a CloudFormation resource');
  return Stack.of(resource).resolve(resource.logicalId) as string;
}

const XRAY = 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions, so they need Resource *.';

function acknowledgeFunction(f: AppFunction, tableArnToken: string, extraStarReason = ''): void {
  ack(f.role, 'AwsSolutions-IAM5[Resource::*]', `${XRAY}${extraStarReason}`);
  ack(
    f.role,
    `AwsSolutions-IAM5[Resource::<${tableArnToken}.Arn>/index/*]`,
    `Queries the GSIs of this one table only (${tableDefinition.indexes.map((i) => i.name).join(', ')}); ` +
      'the wildcard covers indexes of that table, not other tables.',
  );
  ack(
    f.fn,
    'AwsSolutions-L1',
    'nodejs22.x is the runtime the project builds for and tests against (esbuild target node22); ' +
      'moving to a newer runtime is a deliberate upgrade, not a synth-time default.',
  );
}

/** Every cdk-nag AwsSolutions finding this stack keeps on purpose, each with its reason. */
export function acknowledgeFindings(stack: CommunityPointsStack): void {
  const tableArnToken = logicalId(stack.data.table.node.defaultChild);
  acknowledgeFunction(
    stack.api,
    tableArnToken,
    ' sns:Publish to a phone number has no resource ARN either; publishing to any topic is explicitly denied.',
  );
  acknowledgeFunction(stack.jobs.expireReservations, tableArnToken);
  acknowledgeFunction(
    stack.jobs.sendNotices,
    tableArnToken,
    ' sns:Publish to a phone number has no resource ARN either; publishing to any topic is explicitly denied.',
  );
  ack(
    stack.jobs.noticesDeadLetters,
    'AwsSolutions-SQS3',
    'This queue IS the dead-letter queue of the notices job; a DLQ of a DLQ would only move the same messages.',
  );
  acknowledgeFunction(stack.projector.fn, tableArnToken);
  ack(
    stack.projector.failures,
    'AwsSolutions-SQS3',
    'This queue IS the dead-letter destination of the projector (on-failure records of skipped batches).',
  );

  ack(
    stack.signingSecret,
    'AwsSolutions-SMG4',
    'Rotating the seed changes the signing key and signs every user out at once. Planned rotation: deploy a ' +
      'verifier that also accepts the previous key (by kid) for one token lifetime, then rotate by hand.',
  );
  ack(
    stack.httpApi.api,
    'AwsSolutions-APIG4',
    'Authentication and authorization are in the app: a bearer-token (EdDSA JWT) middleware plus per-object ' +
      'checks (functions/services/authz.ts). Sign-in and health must stay reachable without a token.',
  );

  const cdn = stack.web.distribution;
  ack(
    cdn,
    'AwsSolutions-CFR4',
    'Served on the default *.cloudfront.net certificate, for which CloudFront fixes the minimum TLS policy. ' +
      'With a custom domain, add its ACM certificate and minimumProtocolVersion TLSv1.2_2021.',
  );
  ack(
    cdn,
    'AwsSolutions-CFR1',
    'No geo restriction: residents use the service while travelling; access is controlled by sign-in, not by country.',
  );
  if (!stack.webAcl) {
    ack(
      cdn,
      'AwsSolutions-CFR2',
      'Deployed without the edge web ACL (-c edgeWaf=false, or a cn-* region where this app does not set up ' +
        'CloudFront WAF): the HTTP API stage throttles and the app rate-limits sign-in codes per phone; ' +
        'docs/operations.md says how to add a web ACL there.',
    );
  } else {
    // AwsCustomResource's singleton Lambda (CDK's own) that reads the web ACL ARN from us-east-1 at deploy time.
    const reader = stack.node.children.find((c) => c.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'));
    if (!reader) throw new Error('AwsCustomResource handler not found; cdk-nag acknowledgements need updating');
    ack(
      reader,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK AwsCustomResource handler, run only during deploy to read one SSM parameter (the CloudFront web ACL ' +
        'ARN in us-east-1); CDK attaches the basic execution role for its own logs.',
    );
  }

  if (stack.web.deployment) acknowledgeWebDeployment(stack);
}

/** The BucketDeployment's singleton Lambda (CDK's own, Python): only the web upload uses it, at deploy time. */
function acknowledgeWebDeployment(stack: CommunityPointsStack): void {
  const singleton = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!singleton) throw new Error('BucketDeployment handler not found; cdk-nag acknowledgements need updating');
  const qualifier =
    (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
    DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const siteArn = `<${logicalId(stack.web.bucket.node.defaultChild)}.Arn>/*`;
  // `cdk synth` with a default region makes region and partition concrete; tests synthesise without one.
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const partition = Token.isUnresolved(stack.region) ? '<AWS::Partition>' : stack.partition;
  const why =
    'CDK BucketDeployment handler (runs only during deploy): copies the web from the CDK asset bucket into the ' +
    'site bucket and invalidates the distribution; its policy is generated by CDK from those two buckets.';
  for (const id of [
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AwsSolutions-IAM5[Action::s3:GetBucket*]',
    'AwsSolutions-IAM5[Action::s3:GetObject*]',
    'AwsSolutions-IAM5[Action::s3:List*]',
    'AwsSolutions-IAM5[Action::s3:Abort*]',
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
    `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-${qualifier}-assets-${account}-${region}/*]`,
    `AwsSolutions-IAM5[Resource::${siteArn}]`,
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-L1',
  ]) {
    ack(singleton, id, why);
  }
}
