import { config } from '../../config.js';
import { getActivity, putActivity, type ActivityRow } from '../../db/activities.js';
import { putCheckin, putCheckout, putManualAttendance } from '../../db/attendance.js';
import { signUp } from '../../db/signups.js';
import { approveMember, createTeam, getTeam, requestJoin } from '../../db/teams.js';
import { listThemes, putTheme } from '../../db/themes.js';
import { getUser } from '../../db/users.js';
import { newCheckinSecret } from '../../services/checkin-code.js';
import { confirmActivity } from '../../services/confirm.js';
import { DAY, MINUTE, localMonth } from '../../../shared/time.js';
import { once, seedId, type SeedContext, type SeedStep } from './context.js';
import { now, nowIso, setClock } from '../../clock.js';

const MANDATORY = ['垃圾分类入户宣传', '文明祭扫 绿色出行', '爱国卫生 清洁家园'];
const SPECIAL = [
  ['楼道清理 还绿于民', '为老助餐 邻里守望'],
  ['河道巡护', '“小手拉大手”垃圾分类课堂'],
];
const PAST = ['清理楼道小广告', '垃圾桶站值守', '为独居老人送餐', '小区绿地捡拾白色垃圾', '反诈宣传进楼门'];
const UPCOMING = ['垃圾分类桶前值守', '社区义诊志愿服务', '电动自行车安全充电宣传', '旧衣物回收日'];
/** Venues near Huilongguan and Tiantongyuan (WGS-84). */
const VENUES = [
  { name: '社区服务站门前', lat: 40.0745, lng: 116.3312 },
  { name: '3号楼北侧桶站', lat: 40.0791, lng: 116.3267 },
  { name: '文化广场', lat: 40.0701, lng: 116.4182 },
];

const monthOf = (ms: number) => localMonth(ms, config().tzName);

/** Runs `fn` with the clock at `at`, then lets the clock run on from where it was (the seed's time travel). */
async function asOf<T>(at: number, fn: () => Promise<T>): Promise<T> {
  const before = now();
  const startedAt = Date.now();
  setClock(at);
  try {
    return await fn();
  } finally {
    setClock(before + (Date.now() - startedAt));
  }
}
/** `days` from now (negative: ago) at `hourUtc`:00 UTC (01–03 UTC is 09–11 in Shanghai). */
const dayAt = (days: number, hourUtc: number) => {
  const d = new Date(now() + days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.getTime();
};

/** The month's mandatory theme and each street's special themes, written directly so past months work too. */
async function seedThemes(ctx: SeedContext, month: string, adminId: string, k: number) {
  const existing = await listThemes(month);
  const ids: { mandatory: string; special: Map<string, string> } = { mandatory: '', special: new Map() };
  const m = existing.find((t) => t.kind === 'mandatory');
  if (m) ids.mandatory = m.id;
  else {
    ids.mandatory = seedId(`theme:${month}:mandatory`);
    await once(() =>
      putTheme(
        {
          id: ids.mandatory,
          month,
          kind: 'mandatory',
          title: MANDATORY[k % MANDATORY.length]!,
          description: '全区统一的本月必选志愿服务主题，各社区至少开展一次。',
          streetId: null,
          createdAt: nowIso(),
        },
        adminId,
      ),
    );
  }
  for (const [i, s] of ctx.streets.entries()) {
    for (const [j, title] of (SPECIAL[i % SPECIAL.length] ?? []).entries()) {
      const id = seedId(`theme:${month}:${s.id}:${j}`);
      if (j === 0) ids.special.set(s.id, id);
      await once(() =>
        putTheme(
          {
            id,
            month,
            kind: 'special',
            title,
            description: `${s.name}特色志愿服务`,
            streetId: s.id,
            createdAt: nowIso(),
          },
          ctx.streetOrganizers.get(s.id) ?? adminId,
        ),
      );
    }
  }
  return ids;
}

function activityRow(
  id: string,
  c: SeedContext['communities'][number],
  title: string,
  startsAt: number,
  lengthMin: number,
  extra: Partial<ActivityRow>,
): ActivityRow {
  return {
    id,
    communityId: c.id,
    streetId: c.streetId,
    title,
    description: `${c.name}志愿者活动：${title}。请穿志愿者马甲，提前 10 分钟到场签到。`,
    themeId: null,
    themeKind: null,
    teamId: null,
    location: { name: VENUES[0]!.name },
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + lengthMin * MINUTE).toISOString(),
    month: monthOf(startsAt),
    capacity: 20,
    pointsPerHour: 10,
    signups: 0,
    waitlisted: 0,
    status: 'published',
    creditedMinutes: 0,
    creditedPoints: 0,
    participants: 0,
    confirmedAt: null,
    createdAt: nowIso(),
    secret: newCheckinSecret(),
    createdBy: '',
    rev: 0,
    ...extra,
  };
}

/**
 * 1+N themes for this month and the two before, a volunteer team per community, past activities with
 * attendance whose hours are confirmed through the real confirm service (so balances, ledgers, team
 * minutes and report counters agree), and upcoming activities with sign-ups and a waitlist.
 */
export const volunteerStep: SeedStep = {
  name: '志愿服务 themes, teams and activities',
  async run(ctx) {
    const admin = (await getUser(ctx.adminId))!;
    const staffOrOrganizers = new Set([
      ...ctx.streetOrganizers.values(),
      ...ctx.communityOrganizers.values(),
      ...ctx.staff.values(),
    ]);
    const themesByMonth = new Map<string, Awaited<ReturnType<typeof seedThemes>>>();
    for (let back = 2; back >= 0; back--) {
      const month = monthOf(now() - back * 30 * DAY);
      if (!themesByMonth.has(month)) themesByMonth.set(month, await seedThemes(ctx, month, admin.id, back));
    }
    const themesFor = async (ms: number) => {
      const m = monthOf(ms);
      if (!themesByMonth.has(m)) themesByMonth.set(m, await seedThemes(ctx, m, admin.id, 0));
      return themesByMonth.get(m)!;
    };

    let credited = 0;
    for (const [ci, c] of ctx.communities.entries()) {
      const residents = ctx.people.filter((p) => p.communityId === c.id && !staffOrOrganizers.has(p.id));
      const organizerId = ctx.communityOrganizers.get(c.id) ?? admin.id;
      // A team: the last resident leads, four are members, one waits for approval.
      const teamId = seedId(`team:${c.id}`);
      if (!(await getTeam(teamId))) {
        const leader = residents[residents.length - 1]!;
        await once(() =>
          createTeam(
            {
              id: teamId,
              name: `${c.name.replace(/社区$/, '')}志愿服务队`,
              communityId: c.id,
              streetId: c.streetId,
              leaderId: null,
              description: '扎根社区的常态化志愿服务队伍。',
              memberCount: 0,
              serviceMinutes: 0,
              createdAt: nowIso(),
            },
            { id: leader.id, name: leader.name },
          ),
        );
        const team = (await getTeam(teamId, true))!;
        for (const [i, p] of residents.slice(1, 6).entries()) {
          await once(() => requestJoin(team, p.id, p.name));
          if (i < 4) await approveMember(teamId, p.id);
        }
      }

      // Past activities, 2–40 days ago, with their hours confirmed.
      for (const [i, daysAgo] of [3, 9, 17, 33].entries()) {
        const id = seedId(`activity:past:${c.id}:${i}`);
        const existing = await getActivity(id, true);
        if (existing?.status === 'confirmed') continue;
        const start = dayAt(-daysAgo - (ci % 3), 1 + (i % 3));
        const themes = await themesFor(start);
        const a =
          existing ??
          activityRow(id, c, PAST[(ci + i) % PAST.length]!, start, 120, {
            themeId: i % 2 === 0 ? themes.mandatory : (themes.special.get(c.streetId) ?? null),
            themeKind: i % 2 === 0 ? 'mandatory' : 'special',
            teamId: i % 2 === 1 ? teamId : null,
            createdBy: organizerId,
          });
        if (!existing) await putActivity(a);
        const who = residents.slice(i % 2, (i % 2) + 5 + (ci % 2));
        for (const [k, p] of who.entries()) {
          await once(() => signUp(a, { id: p.id, name: p.name }));
          const inAt = new Date(start - 5 * MINUTE - k * MINUTE).toISOString();
          const outAt = new Date(start + (60 + 15 * k) * MINUTE).toISOString();
          if (k === who.length - 1) {
            // An elderly resident without a phone, recorded by the organiser.
            await once(() =>
              putManualAttendance(a.id, {
                userId: p.id,
                name: p.name,
                checkedInAt: inAt,
                checkedOutAt: outAt,
                manual: true,
                by: organizerId,
              }),
            );
          } else {
            await once(() => putCheckin(a.id, { userId: p.id, name: p.name, checkedInAt: inAt }));
            await once(() => putCheckout(a.id, p.id, outAt));
          }
        }
        // Confirmed the evening it took place, so the ledger and the service record carry that date, not the load time.
        const r = await asOf(Date.parse(a.endsAt) + 2 * 3_600_000, () =>
          confirmActivity({ id: organizerId, roles: [{ role: 'organizer', scope: `community:${c.id}` }] }, a.id, {}),
        );
        credited += r.confirmed.length;
      }

      // Upcoming activities in the next two weeks; the first is nearly full with a waitlist.
      for (const [i, daysAhead] of [1, 4, 9].entries()) {
        const id = seedId(`activity:next:${c.id}:${i}`);
        if (await getActivity(id)) continue;
        const start = dayAt(daysAhead + (ci % 2), 1 + i);
        const themes = await themesFor(start);
        const venue = VENUES[(ci + i) % VENUES.length]!;
        const a = activityRow(id, c, UPCOMING[(ci + i) % UPCOMING.length]!, start, 90 + 30 * i, {
          themeId: i === 0 ? themes.mandatory : i === 1 ? (themes.special.get(c.streetId) ?? null) : null,
          themeKind: i === 0 ? 'mandatory' : i === 1 ? 'special' : null,
          teamId: i === 2 ? teamId : null,
          location: i === 1 ? { ...venue, radiusM: 300 } : { name: venue.name },
          capacity: i === 0 ? 4 : 30,
          pointsPerHour: i === 2 ? 15 : 10,
          createdBy: organizerId,
        });
        await putActivity(a);
        for (const p of residents.slice(2, i === 0 ? 8 : 4)) await once(() => signUp(a, { id: p.id, name: p.name }));
      }
      if (ci === 0) {
        // One activity under way when the city is loaded, so the live QR check-in can be tried at once.
        const id = seedId(`activity:now:${c.id}`);
        if (!(await getActivity(id))) {
          const start = now() - 30 * MINUTE;
          const themes = await themesFor(start);
          const a = activityRow(id, c, '社区环境大扫除（进行中）', start, 240, {
            themeId: themes.mandatory,
            themeKind: 'mandatory',
            location: { name: VENUES[0]!.name },
            createdBy: organizerId,
          });
          await putActivity(a);
          for (const p of residents.slice(1, 3)) await once(() => signUp(a, { id: p.id, name: p.name }));
        }
      }
      ctx.progress(`${c.name}: 1 支队伍, 4 场已确认, 3 场即将开展`);
    }
    if (credited > 0) ctx.progress(`credited ${credited} volunteer records through the confirm service`);
  },
};
