import { App, Token, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeWafStack } from './stacks/edge-waf-stack.js';
import { CommunityPointsStack, type CommunityPointsStackProps } from './stacks/community-points-stack.js';

/**
 * The CDK app: the main stack in the deploy region and, where CloudFront has AWS WAF (the `aws` partition), the
 * edge stack with its web ACL in us-east-1 (CloudFront takes web ACLs only from there); cdk-nag AwsSolutions checks
 * both. `-c edgeWaf=false` leaves the WAF out; a `cn-*` region leaves it out by default (docs/operations.md).
 * `infra/app.ts` and the tests share it.
 */
export function cloudApp(appProps: AppProps = {}, stackProps: CommunityPointsStackProps = {}) {
  const app = new App(appProps);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  // The deploy region: `-c region=cn-north-1`, else the AWS profile's (docs/operations.md, "Region").
  const region = (app.node.tryGetContext('region') as string | undefined) ?? process.env.CDK_DEFAULT_REGION;
  const china = region !== undefined && !Token.isUnresolved(region) && region.startsWith('cn-');
  const wafContext = app.node.tryGetContext('edgeWaf') as unknown;
  const edgeWaf = stackProps.edgeWaf ?? (wafContext === undefined ? !china : String(wafContext) !== 'false');
  const edge = edgeWaf
    ? new EdgeWafStack(app, 'CommunityPointsEdge', {
        description: 'community-points: the CloudFront web ACL (us-east-1, as CloudFront requires)',
        env: { account, region: 'us-east-1' },
      })
    : undefined;
  const stack = new CommunityPointsStack(app, 'CommunityPoints', {
    description: 'community-points: volunteer service and a points economy for city communities',
    env: { account, region },
    ...stackProps,
    edgeWaf,
  });
  // The web ACL (and the parameter naming it) must exist before CloudFront is pointed at it.
  if (edge) stack.addStackDependency(edge);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, edge };
}
