import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Certificate, CertificateInput } from '../../shared/schemas/certificates.js';
import { localDay, localYear } from '../../shared/time.js';
import { nowIso } from '../clock.js';
import { config } from '../config.js';
import { getCertificate, getCommunityContact, nextCertificateSeq, putCertificate } from '../db/certificates.js';
import { getCommunity } from '../db/org.js';
import { listServiceRecords } from '../db/service-records.js';
import type { User } from '../db/users.js';
import { maskName } from './mask-name.js';

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
/** The most confirmed activities one proof reads (a volunteer of 20 years with one a week is ~1,000). */
const MAX_PAGES = 30;

/** Whether an activity that ended at `endsAt` lies in the period (a day bound counts the whole day, locally). */
function inPeriod(endsAt: string, from: string | undefined, to: string | undefined, tz: string): boolean {
  const day = localDay(endsAt, tz);
  if (from && (isDay(from) ? day < from : endsAt < from)) return false;
  if (to && (isDay(to) ? day > to : endsAt > to)) return false;
  return true;
}

/** The contact printed on a community's proofs: its service station's phone when set, else where to ask. */
async function issuerOf(communityId: string) {
  const c = await getCommunity(communityId);
  const contact = (await getCommunityContact(communityId)) ?? `${c.name}居民委员会`;
  return { name: c.name, contact };
}

/**
 * `POST /api/me/certificates`: a numbered proof of the caller's confirmed service in a period, issued in the name
 * of their community. What it says is kept, so the school or employer who receives the paper can check it at
 * `verifyUrl` (the QR code on the printed page) and see the same number, hours and issuer.
 */
export async function issueCertificate(me: User, input: CertificateInput, origin: string): Promise<Certificate> {
  if (!me.communityId) throw new AppError('conflict', 'Choose your community first: it issues the proof');
  const { tzName } = config();
  let minutes = 0;
  let activities = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await listServiceRecords(me.id, 100, cursor);
    for (const rec of r.items) {
      if (!inPeriod(rec.endsAt, input.from, input.to, tzName) || rec.minutes <= 0) continue;
      minutes += rec.minutes;
      activities++;
    }
    cursor = r.nextCursor ?? undefined;
    if (!cursor) break;
  }
  if (activities === 0) throw new AppError('conflict', 'There is no confirmed service in this period');
  const issuedAt = nowIso();
  const year = localYear(issuedAt, tzName);
  const seq = await nextCertificateSeq(year);
  const cert = {
    id: newId(),
    number: `ZYFW-${year}-${String(seq).padStart(6, '0')}`,
    issuedAt,
    name: me.name,
    minutes,
    activities,
    from: input.from ?? null,
    to: input.to ?? null,
    issuer: await issuerOf(me.communityId),
  };
  await putCertificate({ ...cert, userId: me.id });
  return { ...cert, verifyUrl: verifyUrl(origin, cert.id) };
}

/** Where the printed QR code leads: the web's public verification page. */
export const verifyUrl = (origin: string, id: string): string => `${origin}/verify/${id}`;

/** `GET /api/certificates/{id}` (public): what the proof said, the name masked; unknown → 404. */
export async function checkCertificate(id: string) {
  const c = await getCertificate(id);
  if (!c) throw notFound('Certificate');
  return {
    number: c.number,
    name: maskName(c.name),
    minutes: c.minutes,
    activities: c.activities,
    issuedAt: c.issuedAt,
    issuer: c.issuer,
    valid: true as const,
  };
}
