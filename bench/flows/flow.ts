import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HttpClient } from '../stack.js';

/**
 * One measured flow: per-request fixtures, the request over HTTP, and the same DynamoDB calls issued
 * directly with the SDK ("bare": the same GetItems, Queries and transactions with the same items, no
 * HTTP, no validation, no authorisation logic).
 */
export interface Flow<F> {
  name: string;
  /** What one request is, for the table (e.g. "1 new volunteer checks in"). */
  unit: string;
  /** Requests per side (HTTP and bare) in the measured rounds. */
  requests: number;
  /** Fresh data for `count` requests; worker indexes run 0..workers-1. */
  prepare(count: number, workers: number): Promise<F[]>;
  http(f: F, worker: number, client: HttpClient): Promise<void>;
  bare(f: F, worker: number, ddb: DynamoDBDocumentClient): Promise<void>;
}

/** Throws unless the HTTP answer has the expected status: a benchmark of failures measures nothing. */
export function expectStatus(flow: string, got: { status: number; body: unknown }, want: number): void {
  if (got.status !== want) {
    throw new Error(`${flow}: HTTP ${got.status} (wanted ${want}): ${JSON.stringify(got.body).slice(0, 400)}`);
  }
}
