import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
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
  }
}
