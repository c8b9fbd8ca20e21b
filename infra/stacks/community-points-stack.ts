import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { AppFunction } from '../constructs/app-function.js';
import { DataTable } from '../constructs/data-table.js';
import { EdgeWebAcl } from '../constructs/edge-web-acl.js';
import { Monitoring } from '../constructs/monitoring.js';
import { PublicHttpApi } from '../constructs/http-api.js';
import { Projector } from '../constructs/projector.js';
import { ScheduledJobs } from '../constructs/scheduled-jobs.js';
import { WebSite } from '../constructs/web-site.js';
import { acknowledgeFindings } from '../nag-acknowledgements.js';
import { fromRoot } from '../paths.js';
import { settingsFromContext } from '../settings.js';

export interface CommunityPointsStackProps extends StackProps {
  /** The built web to upload; default `web/dist` of this checkout. */
  webDist?: string;
  /** Put the us-east-1 edge stack's web ACL (infra/stacks/edge-waf-stack.ts) in front of CloudFront. */
  edgeWaf?: boolean;
}

/** Everything community-points runs on: table, API, web, signing secret, scheduled jobs. */
export class CommunityPointsStack extends Stack {
  readonly data: DataTable;
  readonly signingSecret: Secret;
  readonly api: AppFunction;
  readonly httpApi: PublicHttpApi;
  readonly web: WebSite;
  readonly jobs: ScheduledJobs;
  readonly projector: Projector;
  readonly monitoring: Monitoring;
  readonly webAcl: EdgeWebAcl | undefined;

  constructor(scope: Construct, id: string, props: CommunityPointsStackProps = {}) {
    super(scope, id, props);
    const settings = settingsFromContext(this.node);
    this.data = new DataTable(this, 'Data');
    const table = this.data.table;

    // The app derives its Ed25519 signing key from this string (functions/services/jwt.ts keysFromSeed).
    this.signingSecret = new Secret(this, 'SigningSeed', {
      description: 'Seed of the Ed25519 key that signs community-points session tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    const appEnv = {
      TABLE_NAME: table.tableName,
      APP_ENV: 'cloud',
      TZ_NAME: 'Asia/Shanghai',
      ADMIN_PHONE: settings.adminPhone,
      GARBAGE_POINTS_PER_DROP: String(settings.garbagePointsPerDrop),
      GARBAGE_DAILY_CAP: String(settings.garbageDailyCap),
      RESERVATION_DAYS: String(settings.reservationDays),
    };

    this.api = new AppFunction(this, 'ApiFunction', {
      entry: 'functions/api/lambda.ts',
      description: 'community-points HTTP API (Hono)',
      environment: { ...appEnv, JWT_SECRET_ARN: this.signingSecret.secretArn },
    });
    table.grantReadWriteData(this.api.fn);
    this.signingSecret.grantRead(this.api.fn);
    // Sign-in codes go out as SMS straight to phone numbers; SNS has no ARN for a phone number, so the
    // allow is on `*` and publishing to any topic is denied.
    this.api.fn.addToRolePolicy(
      new PolicyStatement({ sid: 'SmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }),
    );
    this.api.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'NoTopicPublish',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );

    this.httpApi = new PublicHttpApi(this, 'HttpApi', { handler: this.api.fn });
    this.webAcl = props.edgeWaf ? new EdgeWebAcl(this, 'EdgeWebAcl') : undefined;
    this.web = new WebSite(this, 'Web', {
      apiEndpoint: this.httpApi.api.apiEndpoint,
      webDist: props.webDist ?? fromRoot('web', 'dist'),
      webAclId: this.webAcl?.arn,
    });
    this.jobs = new ScheduledJobs(this, 'Jobs', { table, environment: appEnv });
    this.projector = new Projector(this, 'Projector', { table, environment: appEnv });

    this.monitoring = new Monitoring(this, 'Monitoring', { httpApi: this.httpApi.api, table });
    this.monitoring.watchFunction('Api', this.api.fn);
    this.monitoring.watchFunction('ExpireReservations', this.jobs.expireReservations.fn);
    this.monitoring.watchQueue(
      'JobsDeadLetters',
      this.jobs.deadLetters,
      'A scheduled job run failed after its retries (or could not be delivered)',
    );
    this.monitoring.watchFunction('SendNotices', this.jobs.sendNotices.fn);
    this.monitoring.watchQueue(
      'NoticesDeadLetters',
      this.jobs.noticesDeadLetters,
      'A notices job run (reminders, held texts) failed after its retries (or could not be delivered)',
    );
    // The stream consumer: its errors and throttles like any function, its lag and skipped batches page too.
    this.monitoring.watchFunction('Projector', this.projector.fn.fn);
    this.monitoring.addAlarm(this.projector.iteratorAgeAlarm);
    this.monitoring.addAlarm(this.projector.failuresAlarm);
    this.monitoring.finish();

    new CfnOutput(this, 'SiteUrl', {
      description: 'The web, and the API under /api on the same origin',
      value: `https://${this.web.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The HTTP API endpoint (routes under /api)',
      value: this.httpApi.api.apiEndpoint,
    });
    new CfnOutput(this, 'TableName', { description: 'The DynamoDB table', value: table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe the on-call e-mail/SMS here (docs/operations.md)',
      value: this.monitoring.topic.topicArn,
    });

    acknowledgeFindings(this);
  }
}
