import { SMS_SHARDS } from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import {
  DEFAULT_SMS_KINDS,
  type NoticeKind,
  type Notification,
  type Preferences,
} from '../../shared/schemas/notifications.js';
import { log } from '../api/log.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import * as store from '../db/notifications.js';
import type { NewNotice, NoticeVars, StoredNotice } from '../db/notifications.js';
import { getUser } from '../db/users.js';
import { renderNotice, smsText } from './notice-messages.js';
import { smsDueAt } from './quiet-hours.js';
import { smsSender } from './sms.js';

/** A person's preferences, with the contract's defaults where nothing was chosen. */
export async function preferencesOf(userId: string): Promise<Preferences> {
  return (await store.getPreferences(userId)) ?? { language: 'zh-CN', sms: [...DEFAULT_SMS_KINDS] };
}

export async function updatePreferences(userId: string, patch: Partial<Preferences>): Promise<Preferences> {
  const cur = await preferencesOf(userId);
  const next: Preferences = {
    language: patch.language ?? cur.language,
    sms: patch.sms ? [...new Set(patch.sms)] : cur.sms,
  };
  await store.putPreferences(userId, next, nowIso());
  return next;
}

export interface NoticeRequest {
  userId: string;
  kind: NoticeKind;
  /** What makes this notice unique for the person and kind, e.g. `<activityId>:24h`. */
  subject: string;
  /** What the notice points at, e.g. `activity:<id>`. */
  ref: string;
  vars: NoticeVars;
}

/**
 * Sends a notice exactly once per (person, kind, subject): into the inbox at once and, for kinds the person
 * takes by SMS, a text now or at 08:00 after quiet hours. Returns whether this call sent it (false: it had been
 * sent before, by an earlier run or a racing twin). Safe to call again after any failure.
 */
export async function notify(req: NoticeRequest): Promise<boolean> {
  const built = await buildNotice(req);
  if (!built) return false;
  const created = await store.putNotice(built.notice);
  if (created && built.textNow) await deliverSms(req.userId, built.notice.id);
  return created;
}

/**
 * The notice to write for `req` (language-free vars, the text's due time after quiet hours), for callers that
 * write it inside their own transaction (`noticeParts`) and then call `deliverSms` when `textNow`.
 */
export async function buildNotice(req: NoticeRequest): Promise<{ notice: NewNotice; textNow: boolean } | undefined> {
  const [user, prefs] = await Promise.all([getUser(req.userId), preferencesOf(req.userId)]);
  if (!user) return undefined;
  const at = now();
  const wantsSms = prefs.sms.includes(req.kind);
  const dueAt = smsDueAt(at, config().tzName);
  const notice: NewNotice = {
    id: newId(),
    userId: req.userId,
    kind: req.kind,
    subject: req.subject,
    ref: req.ref,
    vars: req.vars,
    createdAt: new Date(at).toISOString(),
    ...(wantsSms ? { sms: { phone: user.phone, dueAt: new Date(dueAt).toISOString() } } : {}),
  };
  return { notice, textNow: wantsSms && dueAt <= at };
}

/** Sends notices to many people, a few at a time; one person's failure does not stop the others. */
export async function notifyAll(reqs: NoticeRequest[], parallel = 4): Promise<{ sent: number; failed: number }> {
  const todo = [...reqs];
  const out = { sent: 0, failed: 0 };
  const worker = async () => {
    for (let r = todo.shift(); r; r = todo.shift()) {
      try {
        if (await notify(r)) out.sent++;
      } catch (err) {
        out.failed++;
        log('warn', 'notice failed', { kind: r.kind, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/**
 * Sends one due text, once: the claim (a conditional update) picks one sender among racing jobs and requests;
 * a send the gateway refuses is put back in the queue for the next run.
 */
export async function deliverSms(userId: string, noticeId: string): Promise<boolean> {
  const n = await store.claimSms(userId, noticeId, nowIso());
  if (!n?.smsPhone) return false;
  const prefs = await preferencesOf(userId);
  try {
    await smsSender().sendText(n.smsPhone, smsText(renderNotice(n.kind, n.vars, prefs.language), prefs.language));
    return true;
  } catch (err) {
    log('warn', 'text not sent; queued again', {
      kind: n.kind,
      error: err instanceof Error ? err.message : String(err),
    });
    const retryAt = smsDueAt(now() + 60_000, config().tzName);
    await store.requeueSms(userId, noticeId, new Date(retryAt).toISOString());
    return false;
  }
}

/** Sends every text that is due (after quiet hours, or left by a failed send). Run by the notices job. */
export async function sendDueTexts(opts: { deadline?: number } = {}): Promise<{ sent: number }> {
  const at = nowIso();
  let sent = 0;
  for (let shard = 0; shard < SMS_SHARDS; shard++) {
    for await (const page of store.dueSms(shard, at, 100)) {
      for (const item of page) {
        // `deadline` is on performance.now(): the Lambda's own time budget, not the business clock.
        if (opts.deadline !== undefined && performance.now() > opts.deadline) return { sent };
        if (await deliverSms(item.userId, item.id)) sent++;
      }
    }
  }
  return { sent };
}

/** A notice as its reader sees it: title and body in the reader's language. */
export function viewNotice(n: StoredNotice, language: Preferences['language']): Notification {
  const r = renderNotice(n.kind, n.vars, language);
  return { id: n.id, kind: n.kind, title: r.title, body: r.body, ref: n.ref, createdAt: n.createdAt, readAt: n.readAt };
}

/** `GET /api/me/notifications`: a page of the inbox, newest first, with the unread count. */
export async function inbox(userId: string, limit: number, cursor: string | undefined) {
  const [page, unread, prefs] = await Promise.all([
    store.listNotices(userId, limit, cursor),
    store.unreadCount(userId),
    preferencesOf(userId),
  ]);
  return { items: page.items.map((n) => viewNotice(n, prefs.language)), nextCursor: page.nextCursor, unread };
}

/** Marks the given notices (or all) read. */
export async function readNotices(userId: string, ids?: string[]): Promise<void> {
  const at = nowIso();
  const todo = ids ?? (await store.unreadIds(userId));
  for (const id of todo) await store.markRead(userId, id, at);
}
