import { Aws, Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction } from './app-function.js';

export interface ScheduledJobsProps {
  table: ITable;
  environment: Record<string, string>;
}

/**
 * Work that falls due: EventBridge rules → job Lambdas (locally the same jobs run on timers). A run that
 * EventBridge cannot deliver, or that still fails after Lambda's two retries, lands on the jobs' dead-letter
 * queue (14 days), which is alarmed (docs/operations.md). The job is idempotent, so a later run catches up.
 */
export class ScheduledJobs extends Construct {
  readonly expireReservations: AppFunction;
  readonly deadLetters: Queue;
  /** Reminders, "collect soon" notices and texts held over quiet hours (issue 11). */
  readonly sendNotices: AppFunction;
  /** Runs of the notices job that failed after Lambda's retries (or never reached it), kept 14 days for a look. */
  readonly noticesDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.expireReservations = new AppFunction(this, 'ExpireReservations', {
      entry: 'functions/jobs/expire-reservations.ts',
      description: 'Releases reward reservations past their expiry',
      environment: props.environment,
      timeout: Duration.minutes(2),
      memorySize: 512,
      deadLetterQueue: this.deadLetters,
    });
    this.expireReservations.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1) });
    props.table.grantReadWriteData(this.expireReservations.fn);
    new Rule(this, 'Every15Minutes', {
      description: 'Expire reward reservations',
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [
        new LambdaFunction(this.expireReservations.fn, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });

    this.noticesDeadLetters = new Queue(this, 'NoticesDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.sendNotices = new AppFunction(this, 'SendNotices', {
      entry: 'functions/jobs/notices.ts',
      description: 'Activity reminders, reservation-expiring notices and texts held over quiet hours',
      environment: props.environment,
      timeout: Duration.minutes(2),
      memorySize: 512,
    });
    props.table.grantReadWriteData(this.sendNotices.fn);
    // Texts go to phone numbers, which have no ARN; publishing to topics is denied (as for the API).
    this.sendNotices.role.addToPolicy(
      new PolicyStatement({ sid: 'SmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }),
    );
    this.sendNotices.role.addToPolicy(
      new PolicyStatement({
        sid: 'NoTopics',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );
    this.sendNotices.fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.noticesDeadLetters),
    });
    // The contract: reminders at most 5 minutes late. Overlapping runs are safe (every notice is guarded).
    new Rule(this, 'Every5Minutes', {
      description: 'Send reminders and held texts',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [
        new LambdaFunction(this.sendNotices.fn, { retryAttempts: 2, deadLetterQueue: this.noticesDeadLetters }),
      ],
    });
  }
}
