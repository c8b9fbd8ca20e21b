import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CommunityPointsStack, type CommunityPointsStackProps } from './stacks/community-points-stack.js';

/** The CDK app with the one stack and cdk-nag AwsSolutions checks; `infra/app.ts` and the tests share it. */
export function cloudApp(appProps: AppProps = {}, stackProps: CommunityPointsStackProps = {}) {
  const app = new App(appProps);
  const stack = new CommunityPointsStack(app, 'CommunityPoints', {
    description: 'community-points: volunteer service and a points economy for city communities',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    ...stackProps,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
