import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

/** Where the edge stack leaves the web ACL's ARN (in us-east-1) for the main stack to read. */
export const WEB_ACL_ARN_PARAMETER = '/community-points/edge/web-acl-arn';

/** Requests per client address in 5 minutes (WAF's window) before WAF blocks that address for a while. */
export const RATE_LIMITS = {
  /** Sign-in codes are paid SMS: 20 in 5 min from one address (the app also caps 5 per phone per address). */
  otp: 20,
  /** Sign-in itself (code → token): guessing codes is capped per code in the app, per address here. */
  token: 100,
  /** Everything under /api. Carrier-grade NAT puts many residents behind one address: generous. */
  api: 3000,
} as const;

const visibility = (name: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName: name,
  sampledRequestsEnabled: true,
});

const managed = (priority: number, name: string, overrides: string[] = []): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      // Count instead of block, for rules that misjudge this app (reasons at the call).
      ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
    },
  },
  visibilityConfig: visibility(name),
});

const pathStartsWith = (path: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: path,
    textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
  },
});

const rateRule = (priority: number, name: string, limit: number, path: string): CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: { block: { customResponse: { responseCode: 429 } } },
  statement: {
    rateBasedStatement: {
      limit,
      evaluationWindowSec: 300,
      aggregateKeyType: 'IP',
      scopeDownStatement: pathStartsWith(path),
    },
  },
  visibilityConfig: visibility(name),
});

/**
 * The CloudFront web ACL. CloudFront takes web ACLs only from us-east-1, so this stack lives there whatever
 * the app's region; it writes the ACL's ARN to an SSM parameter that the main stack reads at deploy time
 * (infra/constructs/edge-web-acl.ts). Rules: rate limits per client address — tightest on the sign-in code
 * (`/api/auth/otp` sends a paid SMS) — then AWS's IP reputation list, known bad inputs and the common rule set.
 */
export class EdgeWafStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: 'community-points-edge',
      description: 'community-points: rate limits and AWS managed rules in front of CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('community-points-edge'),
      rules: [
        rateRule(0, 'RateOtp', RATE_LIMITS.otp, '/api/auth/otp'),
        rateRule(1, 'RateToken', RATE_LIMITS.token, '/api/auth/token'),
        rateRule(2, 'RateApi', RATE_LIMITS.api, '/api/'),
        managed(10, 'AWSManagedRulesAmazonIpReputationList'),
        managed(11, 'AWSManagedRulesKnownBadInputsRuleSet'),
        // Bin scan batches are up to 256 KiB and a CSV report's query can be long: the body-size and
        // query-size rules (8 KiB) would block them; the app limits bodies itself (413).
        managed(12, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY', 'SizeRestrictions_QUERYSTRING']),
      ],
    });
    new StringParameter(this, 'WebAclArn', {
      parameterName: WEB_ACL_ARN_PARAMETER,
      description: 'ARN of the community-points CloudFront web ACL (read by the main stack)',
      stringValue: this.webAcl.attrArn,
    });
  }
}
