import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { certificateKey, certificateSeqKey, communityContactKey } from '../../shared/db/keys.js';
import type { Certificate } from '../../shared/schemas/certificates.js';
import { db, tableName } from './client.js';

/** The certificate as kept: what the volunteer was given, and whose it is. */
export type StoredCertificate = Omit<Certificate, 'verifyUrl'> & { userId: string };

/** The next number of `year` (1, 2, …): an atomic counter, so two proofs never share a number. */
export async function nextCertificateSeq(year: string): Promise<number> {
  const r = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: certificateSeqKey(year),
      UpdateExpression: 'ADD seq :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return r.Attributes!.seq as number;
}

export async function putCertificate(c: StoredCertificate): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...certificateKey(c.id), type: 'CERT', ...c },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getCertificate(id: string): Promise<StoredCertificate | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: certificateKey(id) }));
  if (!r.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _t, ...rest } = r.Item;
  return rest as StoredCertificate;
}

/** A community's public contact for its proofs (the service station's phone), if one was set. */
export async function getCommunityContact(communityId: string): Promise<string | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: communityContactKey(communityId) }));
  return r.Item?.contact as string | undefined;
}

export async function setCommunityContact(communityId: string, contact: string): Promise<void> {
  await db().send(
    new PutCommand({ TableName: tableName(), Item: { ...communityContactKey(communityId), type: 'CONTACT', contact } }),
  );
}
