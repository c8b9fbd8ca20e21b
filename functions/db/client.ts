import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import { tracer } from '../observability/tracer.js';

let doc: DynamoDBDocumentClient | undefined;

/** The one DynamoDB document client of the process, created on first use and kept (Lambda reuses it). */
export function db(): DynamoDBDocumentClient {
  if (!doc) {
    const c = config();
    const base = new DynamoDBClient({
      region: c.region,
      endpoint: c.dynamodbEndpoint,
      ...(c.dynamodbEndpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      maxAttempts: 4,
    });
    // In Lambda with tracing on, every command becomes an X-Ray subsegment; elsewhere the client is unchanged.
    doc = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(base), {
      marshallOptions: { removeUndefinedValues: true },
    });
  }
  return doc;
}

/** Replace the client (tests, or after the endpoint changes). */
export function setDb(client: DynamoDBDocumentClient | undefined): void {
  doc = client;
}

export const tableName = (): string => config().tableName;
