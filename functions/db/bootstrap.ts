import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../../shared/db/table.js';
import { db, tableName } from './client.js';

/** CreateTable input from the one table definition (the CDK stack reads the same object). */
export function createTableInput(name: string): CreateTableCommandInput {
  const attrs = new Map<string, 'S' | 'N'>();
  attrs.set(tableDefinition.partitionKey.name, tableDefinition.partitionKey.type);
  attrs.set(tableDefinition.sortKey.name, tableDefinition.sortKey.type);
  for (const ix of tableDefinition.indexes) {
    attrs.set(ix.partitionKey.name, ix.partitionKey.type);
    attrs.set(ix.sortKey.name, ix.sortKey.type);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.stream.viewType },
    AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDefinition.indexes.map((ix) => ({
      IndexName: ix.name,
      KeySchema: [
        { AttributeName: ix.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: ix.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** Creates the table when it does not exist yet; returns whether it created it. */
export async function ensureTable(name = tableName()): Promise<boolean> {
  try {
    await db().send(new DescribeTableCommand({ TableName: name }));
    return false;
  } catch (err) {
    if (
      !(err instanceof ResourceNotFoundException) &&
      (err as { name?: string }).name !== 'ResourceNotFoundException'
    ) {
      throw err;
    }
  }
  await db().send(new CreateTableCommand(createTableInput(name)));
  await db().send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    }),
  );
  return true;
}

/**
 * Deletes every table whose name starts with `prefix` (a test file's table, its stream checkpoints, the
 * tables of the servers it started) on the DynamoDB at `endpoint`. Local and tests only: it lists tables.
 */
export async function dropTables(prefix: string, endpoint: string, region = 'ap-east-1'): Promise<string[]> {
  const client = new DynamoDBClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const names: string[] = [];
  try {
    let start: string | undefined;
    do {
      const r = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      names.push(...(r.TableNames ?? []).filter((n) => n.startsWith(prefix)));
      start = r.LastEvaluatedTableName;
    } while (start);
    for (const name of names) {
      try {
        await client.send(new DeleteTableCommand({ TableName: name }));
      } catch (err) {
        if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
      }
    }
    return names;
  } finally {
    client.destroy();
  }
}
