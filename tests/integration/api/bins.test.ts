import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../../functions/db/client.js';
import { getUser } from '../../../functions/db/users.js';
import { signBinBody } from '../../../functions/services/bin-secrets.js';
import { call, userWith, useTable } from '../../fixtures/api.js';
import { communityWithStaff, registerBin, residentWithCard, scan, upload } from '../../fixtures/garbage.js';

useTable();

let communityId: string;
let staff: string;
let bin: { id: string; secret: string };

beforeAll(async () => {
  ({ communityId, staff } = await communityWithStaff());
  bin = await registerBin(communityId, staff);
});

/** Every item the table holds under a bin's partition (dedupe items live there). */
const binItems = async (binId: string) =>
  (
    await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `BIN#${binId}` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('POST /api/bins', () => {
  it('registers a bin for organizer or staff of the community and shows the secret once', async () => {
    const r = await call('POST', '/api/bins', { token: staff, body: { communityId, name: '龙泽苑1号桶站' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ communityId, name: '龙泽苑1号桶站' });
    expect(r.body.secret).toMatch(/^[0-9a-f]{64}$/);
    const list = await call('GET', `/api/communities/${communityId}/bins`, { token: staff });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((b: { id: string }) => b.id === r.body.id);
    expect(listed).toMatchObject({ id: r.body.id, name: '龙泽苑1号桶站' });
    expect(JSON.stringify(list.body)).not.toContain(r.body.secret);
  });

  it('keeps nothing on the bin item that could sign an upload', async () => {
    const items = await binItems(bin.id);
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items)).not.toContain(bin.secret);
  });

  it('gives every bin its own secret', async () => {
    const other = await registerBin(communityId, staff);
    expect(other.secret).not.toBe(bin.secret);
  });

  it('refuses residents, staff of another community, and unknown communities', async () => {
    const resident = await userWith({ communityId });
    expect((await call('POST', '/api/bins', { token: resident.token, body: { communityId, name: 'x' } })).status).toBe(
      403,
    );
    const elsewhere = await communityWithStaff();
    const r = await call('POST', '/api/bins', { token: elsewhere.staff, body: { communityId, name: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body.type).toBe('/problems/forbidden');
    const none = await call('POST', '/api/bins', {
      token: staff,
      body: { communityId: '01J00000000000000000000000', name: 'x' },
    });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('communityId');
  });

  it('lets a street organiser register bins in its communities', async () => {
    const c = await communityWithStaff();
    const r = await call('POST', '/api/bins', {
      token: c.streetOrganizer,
      body: { communityId: c.communityId, name: 'x' },
    });
    expect(r.status).toBe(201);
  });
});

describe('bin upload authentication', () => {
  it('refuses a wrong signature, a signature by another bin, and a missing one with 401 invalid-signature', async () => {
    const r = await residentWithCard(communityId, staff);
    const other = await registerBin(communityId, staff);
    const body = { scans: [scan(r.cardNo)] };
    const wrong = await upload(bin, body, { signature: 'ab'.repeat(32) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.type).toBe('/problems/invalid-signature');
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect((await upload({ id: bin.id, secret: other.secret }, body)).status).toBe(401);
    expect((await upload(bin, body, { signature: '' })).status).toBe(401);
    expect((await getUser(r.userId, true))!.balance).toBe(0);
  });

  it('signs the raw bytes: a body changed after signing is refused', async () => {
    const r = await residentWithCard(communityId, staff);
    const raw = JSON.stringify({ scans: [scan(r.cardNo)] });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = signBinBody(bin.secret, ts, raw);
    // Same JSON meaning, different bytes.
    const res = await upload(bin, undefined, { raw: ` ${raw}`, timestamp: ts, signature: sig });
    expect(res.status).toBe(401);
    const exact = await upload(bin, undefined, { raw, timestamp: ts, signature: sig });
    expect(exact.status).toBe(200);
  });

  it('accepts a timestamp up to 300 s off and refuses one further off', async () => {
    const r = await residentWithCard(communityId, staff);
    const now = Math.floor(Date.now() / 1000);
    for (const off of [-290, 290]) {
      const res = await upload(bin, { scans: [scan(r.cardNo)] }, { timestamp: String(now + off) });
      expect(res.status).toBe(200);
    }
    for (const off of [-310, 310]) {
      const res = await upload(bin, { scans: [scan(r.cardNo)] }, { timestamp: String(now + off) });
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('/problems/invalid-signature');
    }
    expect((await upload(bin, { scans: [scan(r.cardNo)] }, { timestamp: 'yesterday' })).status).toBe(401);
  });

  it('answers an unknown or malformed bin id like a bad signature', async () => {
    const body = { scans: [scan('ABCDEFGH1')] };
    expect((await upload({ id: '01J00000000000000000000000', secret: bin.secret }, body)).status).toBe(401);
    expect((await upload({ id: 'not-a-bin', secret: bin.secret }, body)).status).toBe(401);
  });

  it('checks the signature before the body: a bad signature on bad JSON is 401', async () => {
    const res = await upload(bin, undefined, { raw: '{"scans": [', signature: '00'.repeat(32) });
    expect(res.status).toBe(401);
  });
});

describe('bin upload schema', () => {
  it('rejects a batch with one bad scan whole with 400 validation and keeps nothing of it', async () => {
    const r = await residentWithCard(communityId, staff);
    const fresh = await registerBin(communityId, staff);
    const good = scan(r.cardNo);
    const bad = { ...scan(r.cardNo), category: 'glass' };
    const res = await upload(fresh, { scans: [good, bad] });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/validation');
    expect(res.body.errors[0].path).toBe('scans.1.category');
    expect(await binItems(fresh.id)).toHaveLength(1); // only the bin itself
    expect((await getUser(r.userId, true))!.balance).toBe(0);
    // The good scan was not kept: sent alone later, it is accepted.
    expect((await upload(fresh, { scans: [good] })).body.accepted).toBe(1);
  });

  it('enforces 1–100 scans, the scanId alphabet, cardNo, scannedAt and weightGrams', async () => {
    const r = await residentWithCard(communityId, staff);
    const cases: [unknown, string][] = [
      [{ scans: [] }, 'scans'],
      [{ scans: Array.from({ length: 101 }, () => scan(r.cardNo)) }, 'scans'],
      [{ scans: [{ ...scan(r.cardNo), scanId: 'has space' }] }, 'scans.0.scanId'],
      [{ scans: [{ ...scan(r.cardNo), scanId: 'x'.repeat(65) }] }, 'scans.0.scanId'],
      [{ scans: [{ ...scan(r.cardNo), cardNo: 'short' }] }, 'scans.0.cardNo'],
      [{ scans: [{ ...scan(r.cardNo), scannedAt: 'yesterday' }] }, 'scans.0.scannedAt'],
      [{ scans: [{ ...scan(r.cardNo), weightGrams: -1 }] }, 'scans.0.weightGrams'],
      [{ scans: [{ ...scan(r.cardNo), correct: 'yes' }] }, 'scans.0.correct'],
    ];
    for (const [body, path] of cases) {
      const res = await upload(bin, body);
      expect(res.status, path).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('answers malformed JSON with 400 invalid-json', async () => {
    const res = await upload(bin, undefined, { raw: '{"scans": [' });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/invalid-json');
  });

  it('takes batches up to 256 KiB and refuses larger ones with 413', async () => {
    const r = await residentWithCard(communityId, staff);
    const big = { scans: [scan(r.cardNo)], pad: 'x'.repeat(100 * 1024) };
    expect((await upload(bin, big)).status).toBe(200);
    const huge = { scans: [scan(r.cardNo)], pad: 'x'.repeat(260 * 1024) };
    const res = await upload(bin, huge);
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });
});

describe('OpenAPI', () => {
  it('documents the cards, bins and statistics routes, the signature headers and the batch schema', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    for (const p of [
      '/api/cards',
      '/api/cards/{cardNo}',
      '/api/me/cards',
      '/api/users/{id}/cards',
      '/api/card-holders',
      '/api/bins',
      '/api/bins/{id}/scans',
      '/api/communities/{id}/bins',
      '/api/communities/{id}/garbage',
      '/api/communities/{id}/garbage/daily',
      '/api/communities/{id}/garbage/bins',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const upload = doc.paths['/api/bins/{id}/scans'].post;
    const headers = upload.parameters
      .filter((x: { in: string }) => x.in === 'header')
      .map((x: { name: string }) => x.name);
    expect(headers).toEqual(expect.arrayContaining(['x-bin-timestamp', 'x-bin-signature']));
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413']));
    const batch = JSON.stringify(upload.requestBody);
    expect(batch).toContain('ScanBatch');
    const schema = doc.components.schemas.ScanBatch;
    expect(schema.properties.scans).toMatchObject({ minItems: 1, maxItems: 100 });
    expect(doc.paths['/api/cards/{cardNo}'].delete.responses['204']).toBeDefined();
  });
});
