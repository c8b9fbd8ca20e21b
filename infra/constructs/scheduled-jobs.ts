import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { AppFunction } from './app-function.js';

export interface ScheduledJobsProps {
  table: ITable;
  environment: Record<string, string>;
}

/** Work that falls due: EventBridge rules → job Lambdas (locally the same jobs run on timers). */
export class ScheduledJobs extends Construct {
  readonly expireReservations: AppFunction;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.expireReservations = new AppFunction(this, 'ExpireReservations', {
      entry: 'functions/jobs/expire-reservations.ts',
      description: 'Releases reward reservations past their expiry',
      environment: props.environment,
      timeout: Duration.minutes(2),
      memorySize: 512,
    });
    props.table.grantReadWriteData(this.expireReservations.fn);
    new Rule(this, 'Every15Minutes', {
      description: 'Expire reward reservations',
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [new LambdaFunction(this.expireReservations.fn, { retryAttempts: 2 })],
    });
  }
}
