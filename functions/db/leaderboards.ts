import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  boardShardPartition,
  boardShards,
  boardValueKey,
  communityTotalsKey,
  personBoardsKey,
  type BoardSubject,
} from '../../shared/db/keys.js';
import { batchGet, itemId } from './batch-get.js';
import { readBoardTop } from './board-tops.js';
import { db, tableName } from './client.js';
import type { Metric } from '../../shared/schemas/leaderboards.js';
import { communityBoardAttr, personBoardsOf, personBoardValue, type PersonBoards } from './person-boards.js';

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

/**
 * A people or communities board's top list as one "shard" read (rank-shards.ts): its rows highest first,
 * truncated when someone with a value at or below the lowest row is left out. One BatchGet of the list's
 * shards (board-tops.ts), whatever the population.
 */
export async function readTopList(board: string): Promise<ShardRead> {
  const top = await readBoardTop(board);
  const rows = Object.entries(top.rows)
    .map(([subjectId, value]) => ({ subjectId, name: '', value }))
    .sort((a, b) => b.value - a.value || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0));
  return { rows, truncated: top.truncated };
}

/** A person's totals (one GetItem), or undefined when they never earned on a board. */
export async function getPersonBoards(userId: string): Promise<PersonBoards | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: personBoardsKey(userId) }));
  return r.Item ? personBoardsOf(r.Item) : undefined;
}

/** Display names of people from their totals items (BatchGet, eventually consistent, only `name`). */
export async function personNames(userIds: string[]): Promise<Map<string, string>> {
  const found = await batchGet(userIds.map(personBoardsKey), { consistent: false, attributes: ['name'] });
  return new Map(userIds.map((u) => [u, (found.get(itemId(personBoardsKey(u)))?.name as string | undefined) ?? '']));
}

/**
 * A subject's own value on a board, or undefined when it never earned any: a person's or community's
 * from its totals item, a team's from its board item (one GetItem either way).
 */
export async function getBoardValue(
  subject: BoardSubject,
  subjectId: string,
  board: string,
): Promise<BoardRow | undefined> {
  if (subject === 'USER') {
    const p = await getPersonBoards(subjectId);
    const value = p ? personBoardValue(p, board) : 0;
    return value > 0 ? { subjectId, name: p!.name, value } : undefined;
  }
  if (subject === 'COMMUNITY') {
    const [, metric, period] = board.split('#') as [string, Metric, string];
    const attr = communityBoardAttr(metric, period);
    const r = await db().send(
      new GetCommand({
        TableName: tableName(),
        Key: communityTotalsKey(subjectId),
        ExpressionAttributeNames: { '#v': attr },
        ProjectionExpression: '#v',
      }),
    );
    const value = (r.Item?.[attr] as number | undefined) ?? 0;
    return value > 0 ? { subjectId, name: '', value } : undefined;
  }
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
