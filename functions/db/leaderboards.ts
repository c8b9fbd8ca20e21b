import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { boardShardPartition, boardShards, boardValueKey, type BoardSubject } from '../../shared/db/keys.js';
import { db, tableName } from './client.js';

/** One subject's value on a board, as stored. */
export interface BoardRow {
  subjectId: string;
  /** Name snapshot taken when it was earned (unmasked; the service masks people). */
  name: string;
  value: number;
}

/** The highest rows of one shard, and whether the shard holds more below them. */
export interface ShardRead {
  rows: BoardRow[];
  truncated: boolean;
}

const toRow = (it: Record<string, unknown>): BoardRow => ({
  subjectId: it.subjectId as string,
  name: (it.name as string | undefined) ?? '',
  value: it.lbscore as number,
});

/**
 * The top `perShard` values (> 0) of every shard of a board, highest first: one byScore Query per shard,
 * in parallel. The cost depends on the shard count and `perShard`, never on how many are ranked.
 */
export async function readBoardShards(board: string, perShard: number): Promise<ShardRead[]> {
  const shards = boardShards(board);
  return Promise.all(
    Array.from({ length: shards }, async (_, shard) => {
      const r = await db().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'byScore',
          KeyConditionExpression: 'lbpk = :p AND lbscore > :z',
          ExpressionAttributeValues: { ':p': boardShardPartition(board, shard), ':z': 0 },
          ExpressionAttributeNames: { '#n': 'name' },
          ProjectionExpression: 'subjectId, lbscore, #n',
          ScanIndexForward: false,
          Limit: perShard,
        }),
      );
      const rows = (r.Items ?? []).map(toRow);
      return { rows, truncated: r.LastEvaluatedKey !== undefined };
    }),
  );
}

/** A subject's own value on a board (one GetItem), or undefined when it never earned any. */
export async function getBoardValue(
  subject: BoardSubject,
  subjectId: string,
  board: string,
): Promise<BoardRow | undefined> {
  const r = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: boardValueKey(subject, subjectId, board),
      ExpressionAttributeNames: { '#n': 'name' },
      ProjectionExpression: 'subjectId, lbscore, #n',
    }),
  );
  return r.Item ? toRow(r.Item) : undefined;
}
