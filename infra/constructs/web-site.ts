import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aws, CfnCondition, Duration, Fn } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  CfnDistribution,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { webCsp } from '../../shared/web-csp.js';
import { spaRewriteSource } from './spa-rewrite.js';

/**
 * Regions enabled by default on every account. CloudFront delivers standard logs only to buckets outside
 * opt-in regions (e.g. not to ap-east-1, Hong Kong — the app's default region), so logging is switched on
 * by a CloudFormation condition: the stack stays region-agnostic and deploys everywhere.
 */
export const CLOUDFRONT_LOG_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
];

export interface WebSiteProps {
  /** `https://…execute-api…` of the HTTP API; `/api/*` is forwarded there. */
  apiEndpoint: string;
  /** Absolute path of the built web (`web/dist`); when missing, nothing is uploaded. */
  webDist: string;
  /** ARN of a CLOUDFRONT-scope WAF web ACL (us-east-1) to put in front of web and API. */
  webAclId?: string;
}

/**
 * The web: a private bucket behind CloudFront (Origin Access Control), with `/api/*` routed to the
 * HTTP API on the same origin so the browser never needs CORS.
 */
export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment | undefined;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      // Each deploy prunes old files; keep them a while for a rollback, not forever.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
    });

    const rewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      code: FunctionCode.fromInline(spaRewriteSource),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'History-API paths without a file extension → /index.html',
    });
    const indexHtml = join(props.webDist, 'index.html');
    const webHeaders = new ResponseHeadersPolicy(this, 'WebHeaders', {
      comment: 'community-points web security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // Allows index.html's inline script by its hash, read from the build this stack uploads.
          contentSecurityPolicy: webCsp(existsSync(indexHtml) ? readFileSync(indexHtml, 'utf8') : undefined),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'community-points web and API',
      webAclId: props.webAclId,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: webHeaders,
        functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(Fn.parseDomainName(props.apiEndpoint), {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          // A redirect would turn a POST into a GET; API clients must speak HTTPS.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Host must be the API's own, or API Gateway cannot route the request.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          // No CSP here: the API answers JSON; /api/docs loads its pinned Swagger UI from /api-docs/ on this origin.
          // Not cached, so CloudFront does not compress: the app gzips its JSON itself (hono/compress).
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });

    this.logOnlyWhereDelivered();

    if (existsSync(props.webDist)) {
      this.deployment = new BucketDeployment(this, 'Deploy', {
        sources: [Source.asset(props.webDist)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
    } else {
      // A clean checkout must synth (tests, `cdk diff`); deploy builds the web first (`npm run deploy`).
      Annotations.of(this).addWarningV2(
        'community-points:web-dist-missing',
        `${props.webDist} does not exist: the web is not uploaded. Run \`npm run build:web\` before \`cdk deploy\`.`,
      );
    }
  }

  /** Standard logs only where CloudFront can deliver them (see CLOUDFRONT_LOG_REGIONS). */
  private logOnlyWhereDelivered(): void {
    const equalsRegion = (r: string) => Fn.conditionEquals(Aws.REGION, r);
    const half = Math.ceil(CLOUDFRONT_LOG_REGIONS.length / 2); // Fn::Or takes at most 10 conditions
    const delivered = new CfnCondition(this, 'CloudFrontLogsDelivered', {
      expression: Fn.conditionOr(
        Fn.conditionOr(...CLOUDFRONT_LOG_REGIONS.slice(0, half).map(equalsRegion)),
        Fn.conditionOr(...CLOUDFRONT_LOG_REGIONS.slice(half).map(equalsRegion)),
      ),
    });
    // cdk-nag reads the L2's logging (on); this override only drops it where delivery is impossible.
    (this.distribution.node.defaultChild as CfnDistribution).addPropertyOverride(
      'DistributionConfig.Logging',
      Fn.conditionIf(
        delivered.logicalId,
        { Bucket: this.logBucket.bucketRegionalDomainName, Prefix: 'cloudfront/' },
        Aws.NO_VALUE,
      ),
    );
  }
}
