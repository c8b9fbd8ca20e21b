import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PROJECTOR_FILTERS } from '../../functions/jobs/projector-filter.js';
import { PROJECTOR } from '../../functions/jobs/projector-settings.js';
import { tableDefinition } from '../../shared/db/table.js';
import { logicalId, synth } from './synth.js';

const { stack, template } = synth();
const fnId = logicalId(stack.projector.fn.fn);
const tableId = logicalId(stack.data.table);

describe('projector (issue 10)', () => {
  it('turns the table stream on with the view type of the one table definition', () => {
    expect(tableDefinition.stream.viewType).toBe('NEW_AND_OLD_IMAGES');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('feeds the stream to the projector Lambda: batch window, item failures, bisect, ordered per shard, on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      // The settings the local poller batches with (functions/jobs/projector-settings.ts): one definition.
      BatchSize: PROJECTOR.batchSize,
      MaximumBatchingWindowInSeconds: PROJECTOR.batchWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.projector.failures), 'Arn'] } },
      },
    });
  });

  it('invokes the projector only for the records it reads: the event filter the local poller and the handler apply', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      FilterCriteria: { Filters: PROJECTOR_FILTERS.map((p) => ({ Pattern: JSON.stringify(p) })) },
    });
    // What the cloud gets, spelled out: source items with src.ver, and the flag detectors' inserts.
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0] as {
      Properties: { FilterCriteria: { Filters: { Pattern: string }[] } };
    };
    expect(mapping.Properties.FilterCriteria.Filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      {
        dynamodb: {
          NewImage: {
            type: { S: ['LEDGER', 'SERVICE', 'USER'] },
            src: { M: { ver: { N: [{ exists: true }] } } },
          },
        },
      },
      { dynamodb: { NewImage: { type: { S: ['AUDIT', 'SCAN', 'ATTENDANCE'] } } } },
    ]);
  });

  it('runs the same handler file as the local poller, with the memory the bench bills', () => {
    expect(PROJECTOR).toMatchObject({ batchSize: 1000, batchWindowSeconds: 2 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Projects the table stream'),
      Handler: 'index.handler',
      MemorySize: PROJECTOR.memoryMb,
      Timeout: PROJECTOR.timeoutSeconds,
    });
  });

  it('alarms when records wait longer than the 10 s lag and when a batch is skipped', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Threshold: 10_000,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
  });
});
