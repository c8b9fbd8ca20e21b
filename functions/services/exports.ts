import { localMonth } from '../../shared/time.js';
import type { VolunteerHoursRow } from '../../shared/schemas/exports.js';
import { maskPhone } from '../../shared/schemas/residents.js';
import { config } from '../config.js';
import { activityNoShows } from '../db/no-shows.js';
import { listCredits } from '../db/confirm.js';
import { listLedger } from '../db/ledger.js';
import { listRewardRedemptions } from '../db/redemptions.js';
import { listRewards } from '../db/rewards.js';
import { getUser } from '../db/users.js';
import { listActivities } from './activities.js';
import { assertCan, type Actor } from './authz.js';
import { communityTarget } from './org.js';
import type { Column } from './csv.js';

/** The most pages an export reads (100 items each): a bound on one request's work. */
const MAX_PAGES = 50;

async function pages<T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const r = await read(cursor);
    out.push(...r.items);
    cursor = r.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return out;
}

const localTime = (iso: string | null | undefined) => {
  if (!iso) return '';
  // `2026-11-21 16:00` in the deployment's zone: what a spreadsheet user expects to read.
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: config().tzName,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return parts;
};

// ---- my ledger ----------------------------------------------------------------------------------

type LedgerRow = Awaited<ReturnType<typeof listLedger>>['items'][number];
export const ledgerColumns: Column<LedgerRow>[] = [
  ['时间(at)', (r) => localTime(r.at)],
  ['变动(delta)', (r) => r.delta],
  ['类别(reason)', (r) => r.reason],
  ['余额(balanceAfter)', (r) => r.balanceAfter],
  ['说明(note)', (r) => r.note ?? ''],
  ['关联(ref)', (r) => r.ref],
];
/** Every entry of my ledger, newest first. */
export const allLedger = (userId: string) => pages((cursor) => listLedger(userId, 100, cursor));

// ---- attendance ---------------------------------------------------------------------------------

export interface AttendanceCsvRow {
  name: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  minutes: number;
  manual?: boolean;
  offline?: boolean;
  noShow?: boolean;
}
export const attendanceColumns: Column<AttendanceCsvRow>[] = [
  ['姓名(name)', (r) => r.name],
  ['签到时间(checkedInAt)', (r) => localTime(r.checkedInAt)],
  ['签退时间(checkedOutAt)', (r) => localTime(r.checkedOutAt)],
  ['时长分钟(minutes)', (r) => r.minutes],
  ['代签到(manual)', (r) => (r.manual ? '是' : '')],
  ['离线签到(offline)', (r) => (r.offline ? '是' : '')],
  ['未到(noShow)', (r) => (r.noShow ? '是' : '')],
];

// ---- a community's volunteer hours of a month ---------------------------------------------------

export const volunteerHoursColumns: Column<VolunteerHoursRow>[] = [
  ['姓名(name)', (r) => r.name],
  ['手机号(phone)', (r) => r.phone],
  ['活动次数(activities)', (r) => r.activities],
  ['服务时长分钟(minutes)', (r) => r.minutes],
  ['服务时长小时(hours)', (r) => (r.minutes / 60).toFixed(1)],
  ['志愿积分(points)', (r) => r.points],
  ['未到次数(noShows)', (r) => r.noShows],
];

/**
 * Per volunteer, what they served on the community's confirmed activities of `month` (by start, in the
 * deployment's zone): activities, minutes, points, no-shows. Organisers of the community (or its street) and the
 * admin; phones masked (`138****0000`).
 */
export async function volunteerHours(actor: Actor, communityId: string, month: string) {
  assertCan(actor, ['organizer'], await communityTarget(communityId), 'Only organisers of this community');
  const acts = await pages((cursor) => listActivities({ month, communityId, upcoming: false, limit: 100, cursor }));
  const by = new Map<string, VolunteerHoursRow>();
  const row = (userId: string) => {
    let r = by.get(userId);
    if (!r) by.set(userId, (r = { userId, name: '', phone: '', activities: 0, minutes: 0, points: 0, noShows: 0 }));
    return r;
  };
  for (const a of acts) {
    const credits = await listCredits(a.id);
    for (const cr of credits.values()) {
      if (cr.minutes <= 0 && cr.points <= 0) continue;
      const r = row(cr.userId);
      r.activities++;
      r.minutes += cr.minutes;
      r.points += cr.points;
    }
    for (const n of await activityNoShows(a.id)) row(n.userId).noShows++;
  }
  const rows = [...by.values()];
  for (const r of rows) {
    const u = await getUser(r.userId);
    r.name = u?.name ?? '';
    r.phone = u?.phone ? maskPhone(u.phone) : '';
  }
  rows.sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name, 'zh-CN'));
  return { month, communityId, items: rows };
}

// ---- a community's redemptions of a month -------------------------------------------------------

export interface RedemptionCsvRow {
  id: string;
  createdAt: string;
  rewardName: string;
  userName: string;
  quantity: number;
  cost: number;
  status: string;
  fulfilledAt: string | null;
  cancelledAt: string | null;
}
export const redemptionColumns: Column<RedemptionCsvRow>[] = [
  ['兑换时间(createdAt)', (r) => localTime(r.createdAt)],
  ['礼品(reward)', (r) => r.rewardName],
  ['居民(name)', (r) => r.userName],
  ['数量(quantity)', (r) => r.quantity],
  ['积分(cost)', (r) => r.cost],
  ['状态(status)', (r) => ({ reserved: '待领取', fulfilled: '已领取', cancelled: '已取消' })[r.status] ?? r.status],
  ['领取时间(fulfilledAt)', (r) => localTime(r.fulfilledAt)],
  ['取消时间(cancelledAt)', (r) => localTime(r.cancelledAt)],
  ['编号(id)', (r) => r.id],
];

/** The community's redemptions made in `month`, oldest first (organisers and staff of the community, admin). */
export async function communityRedemptions(actor: Actor, communityId: string, month: string) {
  assertCan(
    actor,
    ['organizer', 'staff'],
    await communityTarget(communityId),
    'Only organisers and staff of this community',
  );
  const { tzName } = config();
  const rewards = await pages((cursor) => listRewards(communityId, 100, cursor));
  const items: RedemptionCsvRow[] = [];
  for (const g of rewards) {
    for (const r of await pages((cursor) => listRewardRedemptions(g.id, { limit: 100, cursor }))) {
      if (localMonth(r.createdAt, tzName) !== month) continue;
      items.push({
        id: r.id,
        createdAt: r.createdAt,
        rewardName: r.rewardName,
        userName: r.userName,
        quantity: r.quantity,
        cost: r.cost,
        status: r.status,
        fulfilledAt: r.fulfilledAt,
        cancelledAt: r.cancelledAt,
      });
    }
  }
  items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { month, communityId, items };
}
