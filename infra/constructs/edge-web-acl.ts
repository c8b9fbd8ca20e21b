import { Stack } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { WEB_ACL_ARN_PARAMETER } from '../stacks/edge-waf-stack.js';

/**
 * The CloudFront web ACL's ARN, read at deploy time from the SSM parameter the us-east-1 edge stack wrote.
 * Why not `crossRegionReferences`: it needs both stacks' regions concrete at synth, and this app synthesises
 * offline and in tests without a region; the reader here is the same mechanism, written out (one SDK call).
 */
export class EdgeWebAcl extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const parameterArn = stack.formatArn({
      service: 'ssm',
      region: 'us-east-1',
      resource: 'parameter',
      resourceName: WEB_ACL_ARN_PARAMETER.slice(1),
    });
    const call = {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: WEB_ACL_ARN_PARAMETER },
      region: 'us-east-1',
      // Read again on every deploy, so a replaced ACL is picked up.
      physicalResourceId: PhysicalResourceId.of(`${WEB_ACL_ARN_PARAMETER}@${Date.now()}`),
    };
    const reader = new AwsCustomResource(this, 'Read', {
      onCreate: call,
      onUpdate: call,
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [parameterArn] }),
      installLatestAwsSdk: false,
    });
    this.arn = reader.getResponseField('Parameter.Value');
  }
}
