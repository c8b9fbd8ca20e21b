import { beforeAll, describe, expect, it } from 'vitest';
import { app, call, drainProjector, useTable } from '../fixtures/api.js';
import {
  activityOf,
  buildWorld,
  codeOf,
  giftOf,
  ok,
  reservationOf,
  type ActorName,
  type World,
} from '../fixtures/authz-world.js';
import { newCardNo, scan } from '../fixtures/garbage.js';
import { scanTable } from '../fixtures/invariants.js';
import { signBinBody } from '../../functions/services/bin-secrets.js';
import { recordNoShow } from '../../functions/db/no-shows.js';
import { getActivity } from '../../functions/db/activities.js';
import { signUp } from '../../functions/db/signups.js';
import { userWith, type Person } from '../fixtures/volunteer.js';

useTable();

/** One request, valid in every way but who sends it. */
interface Req {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** People the case itself made (e.g. the member being approved), usable as actor names. */
  extra?: Record<string, Person>;
  /** Headers of the positive control when they differ (a bin's own signature). */
  rightHeaders?: Record<string, string>;
}

/** How the matrix checks one operation. */
type Case =
  | {
      /** Makes fresh objects owned by someone else, and the request on them. */
      prepare: (w: World) => Promise<Req>;
      /** Must be refused: 403 or 404 (or `refusedWith`), changing nothing. */
      wrong: string[];
      /** The positive control: this actor's same request succeeds (so the refusals were about the actor). */
      right: string;
      /** Only for routes on the caller's own records, where another person's answer is a 409. */
      refusedWith?: number[];
    }
  | {
      /** Acts only on the caller (or is public): there is no one else's object to reach. Why. */
      self: string;
      prepare: (w: World) => Promise<Req>;
      right: string;
    };

const MIN = 60_000;
const ALL_WRONG: ActorName[] = ['resident', 'neighbourOrganizer', 'otherOrganizer', 'otherStaff', 'otherLeader'];
const key = () => `matrix-${Math.random().toString(36).slice(2)}`;
const nextMonth = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};
const phoneOf = async (w: World, p: Person) => (await call('GET', '/api/me', { token: p.token })).body.phone as string;

/** An activity that ended a few minutes ago with the owner signed up (written as the sign-up did, before the end). */
async function endedWithOwner(w: World): Promise<{ id: string }> {
  const a = await activityOf(w, -125);
  await signUp((await getActivity(a.id, true))!, { id: w.owner.userId, name: '业主' });
  return a;
}
/** An open correction request of the owner's. */
async function correctionOf(w: World): Promise<string> {
  const a = await endedWithOwner(w);
  const r = await call('POST', `/api/activities/${a.id}/corrections`, {
    token: w.owner.token,
    body: { kind: 'missing-checkin', minutes: 30, note: '忘记签到' },
  });
  return ok(r, 'correction').id as string;
}

/**
 * Every operation that needs a token or changes something, keyed `METHOD /api/path` as in the OpenAPI
 * document. A new private route without an entry fails the completeness test below.
 */
const matrix: Record<string, Case | Case[]> = {
  'POST /api/auth/otp': {
    self: 'public: starts a sign-in',
    prepare: async () => ({ path: '/api/auth/otp', body: { phone: '13912345678' } }),
    right: 'anonymous',
  },
  'POST /api/auth/token': {
    self: 'public: a wrong code is 401 for anyone (tested in auth.test.ts)',
    prepare: async () => ({ path: '/api/auth/token', body: { phone: '13912345679', code: '000000' } }),
    right: 'none',
  },
  'GET /api/me': { self: 'the caller’s own profile', prepare: async () => ({ path: '/api/me' }), right: 'resident' },
  'PATCH /api/me': {
    self: 'the caller’s own profile',
    prepare: async () => ({ path: '/api/me', body: { name: '改名' } }),
    right: 'resident',
  },
  'GET /api/me/export': {
    self: 'everything kept about the caller, read from the caller’s own partitions only',
    prepare: async () => ({ path: '/api/me/export' }),
    right: 'resident',
  },
  'DELETE /api/me': {
    self: 'closes the caller’s own account (a fresh person, so the world’s resident stays)',
    prepare: async () => ({ path: '/api/me', extra: { closer: await userWith({ name: '将注销' }) } }),
    right: 'closer',
  },
  'GET /api/me/ledger': [
    {
      self: 'the caller’s own ledger',
      prepare: async () => ({ path: '/api/me/ledger' }),
      right: 'resident',
    },
    {
      self: 'the caller’s own ledger as CSV (its own middleware: still 401 without a token)',
      prepare: async () => ({ path: '/api/me/ledger?format=csv' }),
      right: 'resident',
    },
  ],
  'GET /api/me/teams': {
    self: 'the caller’s own teams',
    prepare: async () => ({ path: '/api/me/teams' }),
    right: 'resident',
  },
  'GET /api/me/service': {
    self: 'the caller’s own record',
    prepare: async () => ({ path: '/api/me/service' }),
    right: 'resident',
  },
  'GET /api/me/signups': {
    self: 'the caller’s own sign-ups',
    prepare: async () => ({ path: '/api/me/signups' }),
    right: 'resident',
  },
  'GET /api/me/redemptions': {
    self: 'the caller’s own redemptions',
    prepare: async () => ({ path: '/api/me/redemptions' }),
    right: 'resident',
  },

  'GET /api/me/notifications': {
    self: 'the caller’s own inbox',
    prepare: async () => ({ path: '/api/me/notifications' }),
    right: 'resident',
  },
  'POST /api/me/notifications/read': {
    self: 'marks the caller’s own notices read',
    prepare: async () => ({ path: '/api/me/notifications/read', body: {} }),
    right: 'resident',
  },
  'GET /api/me/preferences': {
    self: 'the caller’s own preferences',
    prepare: async () => ({ path: '/api/me/preferences' }),
    right: 'resident',
  },
  'PATCH /api/me/preferences': {
    self: 'the caller’s own preferences',
    prepare: async () => ({ path: '/api/me/preferences', body: { language: 'zh-CN' } }),
    right: 'resident',
  },
  'POST /api/me/certificates': {
    self: 'a proof of the caller’s own service',
    prepare: async (w) => {
      // A proof needs confirmed service: the owner served an hour that the organiser confirmed.
      const a = await activityOf(w, -180);
      const start = Date.parse(a.startsAt);
      ok(
        await call('PUT', `/api/activities/${a.id}/attendance/${w.owner.userId}`, {
          token: w.organizer.token,
          body: { checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + 60 * MIN).toISOString() },
        }),
        'attendance',
      );
      ok(await call('POST', `/api/activities/${a.id}/confirm`, { token: w.organizer.token, body: {} }), 'confirm');
      return { path: '/api/me/certificates', body: {} };
    },
    right: 'owner',
  },
  'DELETE /api/activities/{id}/checkouts/me': {
    // Takes back the caller's own check-out: another person has none to take back (409).
    prepare: async (w) => {
      const a = await activityOf(w, -10);
      ok(await call('POST', `/api/activities/${a.id}/signups`, { token: w.owner.token }), 'signup');
      const code = await codeOf(w, a.id);
      ok(await call('POST', `/api/activities/${a.id}/checkins`, { token: w.owner.token, body: { code } }), 'checkin');
      ok(await call('POST', `/api/activities/${a.id}/checkouts`, { token: w.owner.token, body: { code } }), 'checkout');
      return { path: `/api/activities/${a.id}/checkouts/me` };
    },
    wrong: [...ALL_WRONG, 'staff', 'organizer', 'leader'],
    refusedWith: [403, 404, 409],
    right: 'owner',
  },
  'POST /api/residents': {
    prepare: async (w) => ({ path: '/api/residents', body: { name: '代管居民', communityId: w.communityId } }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'PATCH /api/users/{id}': {
    // Gives a managed resident of A a phone: only A's organisers and staff may.
    prepare: async (w) => {
      const managed = ok(
        await call('POST', '/api/residents', {
          token: w.staff.token,
          body: { name: '代管老人', communityId: w.communityId },
        }),
        'resident',
      ) as { id: string };
      const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      return { path: `/api/users/${managed.id}`, body: { phone } };
    },
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },

  'POST /api/streets': {
    prepare: async () => ({ path: '/api/streets', body: { name: '新街道' } }),
    wrong: [...ALL_WRONG, 'organizer', 'staff', 'streetOrganizer', 'leader'],
    right: 'admin',
  },
  'POST /api/communities': {
    prepare: async (w) => ({ path: '/api/communities', body: { streetId: w.streetId, name: '新社区' } }),
    wrong: [...ALL_WRONG, 'organizer', 'staff', 'leader'],
    right: 'streetOrganizer',
  },
  'POST /api/roles': [
    {
      prepare: async (w) => {
        // A fresh person: the positive control's grant must not promote anyone the other cases use.
        const grantee = await userWith({ communityId: w.communityId, name: '新站长' });
        return {
          path: '/api/roles',
          body: { userId: grantee.userId, role: 'staff', scope: `community:${w.communityId}` },
        };
      },
      wrong: [...ALL_WRONG, 'organizer', 'staff', 'leader', 'owner'],
      right: 'streetOrganizer',
    },
    // A street organiser grants organiser/staff in its communities only: not admin, not its street, not elsewhere.
    ...[
      (_w: World) => ({ role: 'admin', scope: 'city' }),
      (w: World) => ({ role: 'organizer', scope: `street:${w.streetId}` }),
      (w: World) => ({ role: 'leader', scope: `team:${w.teamId}` }),
      (w: World) => ({ role: 'staff', scope: `community:${w.farawayId}` }),
    ].map((grant): Case => ({
      prepare: async (w) => {
        const grantee = await userWith({ communityId: w.communityId, name: '被授权人' });
        return { path: '/api/roles', body: { userId: grantee.userId, ...grant(w) } };
      },
      wrong: ['streetOrganizer', 'organizer', 'otherOrganizer'],
      right: 'admin',
    })),
  ],
  'DELETE /api/roles': [
    {
      prepare: async (w) => {
        // A fresh staff member to take the role from: the positive control must not demote anyone the other cases use.
        const scope = `community:${w.communityId}`;
        const holder = await userWith({
          communityId: w.communityId,
          name: '离职站长',
          roles: [{ role: 'staff', scope }],
        });
        return { path: '/api/roles', body: { userId: holder.userId, role: 'staff', scope } };
      },
      wrong: [...ALL_WRONG, 'organizer', 'staff', 'leader', 'owner'],
      right: 'streetOrganizer',
    },
    // Revoking follows granting: a street organiser may not take admin, its street or a team's leader, nor act elsewhere.
    ...[
      (_w: World) => ({ role: 'admin', scope: 'city' }),
      (w: World) => ({ role: 'organizer', scope: `street:${w.streetId}` }),
      (w: World) => ({ role: 'leader', scope: `team:${w.teamId}` }),
      (w: World) => ({ role: 'staff', scope: `community:${w.farawayId}` }),
    ].map((grant): Case => ({
      prepare: async (w) => {
        const g = grant(w) as { role: 'admin' | 'organizer' | 'leader' | 'staff'; scope: string };
        const holder = await userWith({ communityId: w.communityId, name: '被撤销人', roles: [g] });
        return { path: '/api/roles', body: { userId: holder.userId, ...g } };
      },
      wrong: ['streetOrganizer', 'organizer', 'otherOrganizer'],
      right: 'admin',
    })),
  ],
  'GET /api/audit': {
    // Street organisers read their street's trail; the admin the city's; nobody below them.
    prepare: async (w) => ({ path: `/api/audit?communityId=${w.communityId}` }),
    wrong: [...ALL_WRONG, 'organizer', 'staff', 'leader', 'owner'],
    right: 'streetOrganizer',
  },
  'GET /api/flags': {
    // The review queue is the level above the act: street organisers and the admin, nobody below them.
    prepare: async (w) => ({ path: `/api/flags?communityId=${w.communityId}` }),
    wrong: [...ALL_WRONG, 'organizer', 'staff', 'leader', 'owner'],
    right: 'streetOrganizer',
  },
  'POST /api/flags/{id}/resolve': {
    // A large adjustment by A's organiser: its street reviews it; the organiser (its subject) and the
    // resident it credited never resolve it.
    prepare: async (w) => {
      ok(
        await call('POST', '/api/points/adjustments', {
          token: w.organizer.token,
          body: { userId: w.owner.userId, delta: 1500, note: '矩阵大额' },
        }),
        'adjustment',
      );
      const flags = ok(await call('GET', '/api/flags?limit=100', { token: w.admin.token }), 'flags') as {
        items: { id: string; subject: string; evidence: { userId?: string } }[];
      };
      const f = flags.items.find(
        (x) => x.subject === `user:${w.organizer.userId}` && x.evidence.userId === w.owner.userId,
      );
      if (!f) throw new Error('no large-adjustment flag');
      return { path: `/api/flags/${f.id}/resolve`, body: { decision: 'clear', note: '核实无误' } };
    },
    wrong: [...ALL_WRONG, 'organizer', 'staff', 'leader', 'owner'],
    right: 'streetOrganizer',
  },
  'GET /api/users': {
    // Any organiser or staff member looks a resident up by a phone number they already know (contract).
    prepare: async (w) => ({ path: `/api/users?phone=${await phoneOf(w, w.owner)}` }),
    wrong: ['resident', 'otherLeader', 'leader', 'otherResident'],
    right: 'organizer',
  },
  'POST /api/points/adjustments': {
    prepare: async (w) => ({
      path: '/api/points/adjustments',
      body: { userId: w.owner.userId, delta: 5, note: '矩阵' },
    }),
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'organizer',
  },
  'GET /api/points/liability': {
    prepare: async (w) => ({ path: `/api/points/liability?scope=community:${w.communityId}` }),
    wrong: [...ALL_WRONG, 'staff', 'leader'],
    right: 'organizer',
  },

  'POST /api/teams': {
    prepare: async (w) => ({ path: '/api/teams', body: { name: '新队伍', communityId: w.communityId } }),
    wrong: [...ALL_WRONG, 'staff', 'leader'],
    right: 'organizer',
  },
  'POST /api/teams/{id}/members': {
    self: 'asks to join for the caller only; anyone may ask',
    prepare: async (w) => ({ path: `/api/teams/${w.teamId}/members` }),
    right: 'resident',
  },
  'POST /api/teams/{id}/members/{userId}/approve': {
    prepare: async (w) => {
      const joiner = await userWith({ communityId: w.communityId, name: '申请人' });
      ok(await call('POST', `/api/teams/${w.teamId}/members`, { token: joiner.token }), 'join');
      return { path: `/api/teams/${w.teamId}/members/${joiner.userId}/approve`, extra: { joiner } };
    },
    wrong: [...ALL_WRONG, 'staff', 'joiner'],
    right: 'leader',
  },
  'DELETE /api/teams/{id}/members/{userId}': {
    prepare: async (w) => {
      const member = await userWith({ communityId: w.communityId, name: '队员' });
      ok(await call('POST', `/api/teams/${w.teamId}/members`, { token: member.token }), 'join');
      ok(
        await call('POST', `/api/teams/${w.teamId}/members/${member.userId}/approve`, { token: w.leader.token }),
        'approve',
      );
      return { path: `/api/teams/${w.teamId}/members/${member.userId}` };
    },
    wrong: [...ALL_WRONG, 'staff'],
    right: 'leader',
  },

  'POST /api/themes': [
    {
      prepare: async (w) => ({
        path: '/api/themes',
        body: { month: nextMonth(w.month), kind: 'special', title: '街道特色', streetId: w.streetId },
      }),
      wrong: [...ALL_WRONG, 'organizer', 'staff', 'leader'],
      right: 'streetOrganizer',
    },
    {
      // The mandatory "1" of a month is the admin's alone.
      prepare: async (w) => ({
        path: '/api/themes',
        body: { month: nextMonth(nextMonth(w.month)), kind: 'mandatory', title: '全区主题' },
      }),
      wrong: [...ALL_WRONG, 'organizer', 'streetOrganizer', 'staff', 'leader'],
      right: 'admin',
    },
  ],
  'GET /api/communities/{id}/volunteer-hours': [
    {
      prepare: async (w) => ({ path: `/api/communities/${w.communityId}/volunteer-hours?month=${w.month}` }),
      wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
      right: 'organizer',
    },
    {
      prepare: async (w) => ({
        path: `/api/communities/${w.communityId}/volunteer-hours?month=${w.month}&format=csv`,
      }),
      wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
      right: 'streetOrganizer',
    },
  ],
  'GET /api/communities/{id}/redemptions': {
    prepare: async (w) => ({ path: `/api/communities/${w.communityId}/redemptions?month=${w.month}&format=csv` }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'GET /api/themes/{month}/report': {
    // Every organiser reads it, each scoped to its own communities (report.test.ts); staff and residents never.
    prepare: async (w) => ({ path: `/api/themes/${w.month}/report` }),
    wrong: ['resident', 'staff', 'otherStaff', 'leader', 'otherLeader'],
    right: 'organizer',
  },

  'POST /api/activities': {
    prepare: async (w) => ({
      path: '/api/activities',
      body: {
        communityId: w.communityId,
        teamId: w.teamId,
        title: '新活动',
        location: { name: '广场' },
        startsAt: new Date(Date.now() + 60 * MIN).toISOString(),
        endsAt: new Date(Date.now() + 120 * MIN).toISOString(),
        capacity: 10,
        pointsPerHour: 5,
      },
    }),
    wrong: [...ALL_WRONG, 'staff'],
    right: 'leader',
  },
  'PATCH /api/activities/{id}': {
    prepare: async (w) => ({
      path: `/api/activities/${(await activityOf(w, 24 * 60)).id}`,
      body: { title: '改过的活动', capacity: 5 },
    }),
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'streetOrganizer',
  },
  'POST /api/activities/{id}/cancel': {
    prepare: async (w) => {
      const a = await activityOf(w, 24 * 60);
      ok(await call('POST', `/api/activities/${a.id}/signups`, { token: w.owner.token }), 'signup');
      return { path: `/api/activities/${a.id}/cancel`, body: { reason: '天气' } };
    },
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'organizer',
  },
  'DELETE /api/activities/{id}/no-shows/{userId}': {
    prepare: async (w) => {
      // The owner was recorded absent (as a confirm records it) at an activity that ended.
      const a = await activityOf(w, -180);
      const at = new Date(Date.parse(a.startsAt) + 120 * MIN).toISOString();
      await recordNoShow({ activityId: a.id, userId: w.owner.userId, name: '缺席者', at, title: '矩阵活动' }, at);
      return { path: `/api/activities/${a.id}/no-shows/${w.owner.userId}` };
    },
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'organizer',
  },
  'POST /api/activities/{id}/corrections': {
    prepare: async (w) => ({
      path: `/api/activities/${(await endedWithOwner(w)).id}/corrections`,
      body: { kind: 'missing-checkin', minutes: 30, note: '忘记签到' },
    }),
    wrong: [...ALL_WRONG, 'organizer', 'leader'],
    right: 'owner',
  },
  'GET /api/me/corrections': {
    self: 'the caller’s own requests',
    prepare: async () => ({ path: '/api/me/corrections' }),
    right: 'resident',
  },
  'GET /api/corrections': {
    prepare: async (w) => ({ path: `/api/corrections?communityId=${w.communityId}` }),
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'streetOrganizer',
  },
  'POST /api/corrections/{id}/accept': {
    prepare: async (w) => ({ path: `/api/corrections/${await correctionOf(w)}/accept`, body: { minutes: 30 } }),
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'organizer',
  },
  'POST /api/corrections/{id}/reject': {
    prepare: async (w) => ({ path: `/api/corrections/${await correctionOf(w)}/reject`, body: { reason: '不符' } }),
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'organizer',
  },
  'POST /api/activities/{id}/signups': {
    self: 'signs the caller up; anyone may',
    prepare: async (w) => ({ path: `/api/activities/${(await activityOf(w, 60)).id}/signups` }),
    right: 'resident',
  },
  'DELETE /api/activities/{id}/signups/me': {
    self: 'cancels the caller’s own sign-up (`me` in the path)',
    prepare: async (w) => {
      const a = await activityOf(w, 60);
      ok(await call('POST', `/api/activities/${a.id}/signups`, { token: w.resident.token }), 'signup');
      return { path: `/api/activities/${a.id}/signups/me` };
    },
    right: 'resident',
  },
  'GET /api/activities/{id}/signups/me': {
    self: 'the caller’s own standing',
    prepare: async (w) => ({ path: `/api/activities/${(await activityOf(w, 60)).id}/signups/me` }),
    right: 'resident',
  },
  'GET /api/activities/{id}/signups': {
    prepare: async (w) => ({ path: `/api/activities/${(await activityOf(w, 60)).id}/signups` }),
    wrong: [...ALL_WRONG, 'staff'],
    right: 'leader',
  },
  'GET /api/activities/{id}/checkin-code': {
    prepare: async (w) => ({ path: `/api/activities/${(await activityOf(w, 10)).id}/checkin-code` }),
    wrong: [...ALL_WRONG, 'staff', 'owner'],
    right: 'leader',
  },
  'POST /api/activities/{id}/checkins': {
    // Only a confirmed sign-up checks in: everyone else is 403, even with the right code.
    prepare: async (w) => {
      const a = await activityOf(w, 10);
      ok(await call('POST', `/api/activities/${a.id}/signups`, { token: w.owner.token }), 'signup');
      return { path: `/api/activities/${a.id}/checkins`, body: { code: await codeOf(w, a.id) } };
    },
    wrong: [...ALL_WRONG, 'staff', 'organizer', 'leader'],
    right: 'owner',
  },
  'POST /api/activities/{id}/checkouts': {
    // Checks out the caller's own attendance: another person has none to close (409 not-checked-in).
    prepare: async (w) => {
      const a = await activityOf(w, 10);
      ok(await call('POST', `/api/activities/${a.id}/signups`, { token: w.owner.token }), 'signup');
      const code = await codeOf(w, a.id);
      ok(await call('POST', `/api/activities/${a.id}/checkins`, { token: w.owner.token, body: { code } }), 'checkin');
      return { path: `/api/activities/${a.id}/checkouts`, body: { code } };
    },
    wrong: [...ALL_WRONG, 'staff', 'organizer', 'leader'],
    refusedWith: [409],
    right: 'owner',
  },
  'PUT /api/activities/{id}/attendance/{userId}': {
    prepare: async (w) => {
      const a = await activityOf(w, -180);
      const start = Date.parse(a.startsAt);
      return {
        path: `/api/activities/${a.id}/attendance/${w.owner.userId}`,
        body: { checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + 60 * MIN).toISOString() },
      };
    },
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'organizer',
  },
  'GET /api/activities/{id}/attendance': [
    {
      prepare: async (w) => ({ path: `/api/activities/${(await activityOf(w, -180)).id}/attendance` }),
      wrong: [...ALL_WRONG, 'staff', 'owner'],
      right: 'leader',
    },
    {
      // The CSV answers before the JSON route (its own middleware): the same people only.
      prepare: async (w) => ({ path: `/api/activities/${(await activityOf(w, -180)).id}/attendance?format=csv` }),
      wrong: [...ALL_WRONG, 'staff', 'owner'],
      right: 'leader',
    },
  ],
  'POST /api/activities/{id}/confirm': {
    prepare: async (w) => {
      const a = await activityOf(w, -180);
      const start = Date.parse(a.startsAt);
      ok(
        await call('PUT', `/api/activities/${a.id}/attendance/${w.owner.userId}`, {
          token: w.organizer.token,
          body: { checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + 60 * MIN).toISOString() },
        }),
        'attendance',
      );
      return { path: `/api/activities/${a.id}/confirm`, body: {} };
    },
    wrong: [...ALL_WRONG, 'staff', 'leader', 'owner'],
    right: 'organizer',
  },

  'POST /api/rewards': {
    prepare: async (w) => ({
      path: '/api/rewards',
      body: { communityId: w.communityId, name: '新礼品', cost: 5, stock: 3 },
    }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'PATCH /api/rewards/{id}': {
    prepare: async (w) => ({ path: `/api/rewards/${(await giftOf(w)).id}`, body: { stockDelta: 1 } }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'POST /api/rewards/{id}/redemptions': {
    // Residents of the gift's community redeem; people of other communities are refused whatever their role.
    prepare: async (w) => ({
      path: `/api/rewards/${(await giftOf(w)).id}/redemptions`,
      headers: { 'idempotency-key': key() },
      body: {},
    }),
    wrong: ['neighbourOrganizer', 'otherOrganizer', 'otherStaff', 'otherResident'],
    right: 'owner',
  },
  'GET /api/rewards/{id}/redemptions': {
    prepare: async (w) => ({ path: `/api/rewards/${(await reservationOf(w)).rewardId}/redemptions` }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'GET /api/redemptions/{id}': {
    prepare: async (w) => ({ path: `/api/redemptions/${(await reservationOf(w)).id}` }),
    wrong: [...ALL_WRONG, 'leader'],
    right: 'owner',
  },
  'POST /api/redemptions/{id}/fulfil': {
    prepare: async (w) => {
      const r = await reservationOf(w);
      return { path: `/api/redemptions/${r.id}/fulfil`, body: { pickupCode: r.pickupCode } };
    },
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'POST /api/redemptions/{id}/cancel': {
    prepare: async (w) => ({ path: `/api/redemptions/${(await reservationOf(w)).id}/cancel` }),
    wrong: [...ALL_WRONG, 'leader'],
    right: 'owner',
  },
  'GET /api/communities/{id}/reservations': {
    prepare: async (w) => {
      await reservationOf(w);
      return { path: `/api/communities/${w.communityId}/reservations` };
    },
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },

  'POST /api/cards': {
    prepare: async (w) => {
      const holder = await userWith({ communityId: w.communityId, name: '持卡人' });
      return { path: '/api/cards', body: { cardNo: newCardNo(), userId: holder.userId }, extra: { holder } };
    },
    wrong: [...ALL_WRONG, 'leader', 'owner', 'holder'],
    right: 'staff',
  },
  'DELETE /api/cards/{cardNo}': {
    prepare: async (w) => {
      const holder = await userWith({ communityId: w.communityId, name: '持卡人' });
      const cardNo = newCardNo();
      ok(await call('POST', '/api/cards', { token: w.staff.token, body: { cardNo, userId: holder.userId } }), 'bind');
      return { path: `/api/cards/${cardNo}`, extra: { holder } };
    },
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'holder',
  },
  'GET /api/me/cards': {
    self: 'the caller’s own cards',
    prepare: async () => ({ path: '/api/me/cards' }),
    right: 'resident',
  },
  'GET /api/users/{id}/cards': {
    prepare: async (w) => ({ path: `/api/users/${w.owner.userId}/cards` }),
    wrong: [...ALL_WRONG, 'leader'],
    right: 'staff',
  },
  'GET /api/card-holders': {
    prepare: async (w) => ({ path: `/api/card-holders?phone=${await phoneOf(w, w.owner)}` }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'POST /api/bins': {
    prepare: async (w) => ({ path: '/api/bins', body: { communityId: w.communityId, name: '新桶站' } }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'GET /api/communities/{id}/bins': {
    prepare: async (w) => ({ path: `/api/communities/${w.communityId}/bins` }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'POST /api/bins/{id}/scans': {
    // The bin authenticates by its signature, not by a token: a person's token, even the admin's, with
    // another bin's signature, is 401 invalid-signature.
    prepare: async (w) => {
      const bin = ok(
        await call('POST', '/api/bins', { token: w.staff.token, body: { communityId: w.communityId, name: '矩阵桶' } }),
        'bin',
      ) as { id: string; secret: string };
      const other = ok(
        await call('POST', '/api/bins', {
          token: w.otherStaff.token,
          body: { communityId: w.farawayId, name: '别处的桶' },
        }),
        'bin',
      ) as { secret: string };
      const cardNo = newCardNo();
      ok(await call('POST', '/api/cards', { token: w.staff.token, body: { cardNo, userId: w.owner.userId } }), 'bind');
      const body = { scans: [scan(cardNo)] };
      const ts = String(Math.floor(Date.now() / 1000));
      const signed = (secret: string) => ({
        'x-bin-timestamp': ts,
        'x-bin-signature': signBinBody(secret, ts, JSON.stringify(body)),
      });
      return {
        path: `/api/bins/${bin.id}/scans`,
        body,
        headers: signed(other.secret),
        rightHeaders: signed(bin.secret),
      };
    },
    wrong: [...ALL_WRONG, 'admin', 'staff', 'owner'],
    refusedWith: [401],
    right: 'none-signed',
  },
  'GET /api/communities/{id}/garbage': {
    prepare: async (w) => ({ path: `/api/communities/${w.communityId}/garbage?month=${w.month}` }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
  'GET /api/communities/{id}/garbage/daily': {
    prepare: async (w) => ({ path: `/api/communities/${w.communityId}/garbage/daily?month=${w.month}` }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'organizer',
  },
  'GET /api/communities/{id}/garbage/bins': {
    prepare: async (w) => ({ path: `/api/communities/${w.communityId}/garbage/bins?month=${w.month}` }),
    wrong: [...ALL_WRONG, 'leader', 'owner'],
    right: 'staff',
  },
};

interface Operation {
  id: string;
  private: boolean;
}

/** Operations of an OpenAPI document that the matrix must cover: those needing a token, and every write. */
function privateOperations(doc: {
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
}): string[] {
  const ops: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const needsToken = !!op.security?.length && !op.security.some((s) => Object.keys(s).length === 0);
      return { id: `${method.toUpperCase()} ${path}`, private: needsToken || method !== 'get' };
    }),
  );
  return ops.filter((o) => o.private).map((o) => o.id);
}

/** What the matrix lacks for a document: private operations without a case, cases without an operation. */
function gaps(ops: string[], cases: Record<string, Case | Case[]>) {
  return {
    missing: ops.filter((o) => !(o in cases)),
    stale: Object.keys(cases).filter((c) => !ops.includes(c)),
  };
}

// The projector catches up first: what it derives from earlier writes is not the refused request's doing.
const digest = async () => {
  await drainProjector();
  return JSON.stringify(
    (await scanTable())
      .filter((i) => !/^(OTP|OUTBOX)#/.test(String(i.pk)))
      .map((i) => JSON.stringify(i))
      .sort(),
  );
};

/** Runs one case; returns what is wrong with the product's answers (empty: all as it should be). */
async function check(op: string, c: Case, w: World): Promise<string[]> {
  const [method, template] = op.split(' ') as [string, string];
  const req = await c.prepare(w);
  expect(req.path.split('?')[0]!.split('/').length, `${op}: the path fits the template`).toBe(
    template.split('/').length,
  );
  const cast = Object.fromEntries(Object.entries(w).filter(([, v]) => typeof v === 'object')) as Record<string, Person>;
  const people: Record<string, Person | undefined> = {
    ...cast,
    ...req.extra,
    anonymous: undefined,
    none: undefined,
    'none-signed': undefined,
  };
  const send = (who: string, headers = req.headers) =>
    call(method, req.path, { token: people[who]?.token, body: req.body, headers });
  const bad: string[] = [];
  const before = await digest();
  if ('wrong' in c) {
    for (const who of c.wrong) {
      if (!(who in people)) throw new Error(`${op}: no actor ${who}`);
      const r = await send(who);
      const allowed = c.refusedWith ?? [403, 404];
      if (!allowed.includes(r.status)) bad.push(`${op} as ${who} → ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
  const privateOp = !('self' in c) || c.right !== 'anonymous';
  if (privateOp && c.right !== 'none') {
    const r = await send('anonymous');
    if (r.status !== 401 || !String(r.body?.type).match(/\/problems\/(unauthorized|invalid-signature)$/))
      bad.push(`${op} without a token → ${r.status}`);
  }
  if ((await digest()) !== before) bad.push(`${op}: a refused request changed the table`);
  if (c.right !== 'none') {
    const r = await send(c.right, req.rightHeaders ?? req.headers);
    if (r.status >= 300) bad.push(`${op} as ${c.right} (the positive control) → ${r.status} ${JSON.stringify(r.body)}`);
  }
  return bad;
}

describe('authorisation matrix, generated from the route table', () => {
  let world: World;
  let ops: string[];

  beforeAll(async () => {
    world = await buildWorld();
    ops = privateOperations(await (await app.request('/api/openapi.json')).json());
  }, 300_000);

  it('has a case for every private or mutating operation, and none for routes that are gone', () => {
    expect(ops.length).toBeGreaterThan(30);
    expect(gaps(ops, matrix)).toEqual({ missing: [], stale: [] });
  });

  it('notices a new private route without a case (negative control)', () => {
    const doc: Parameters<typeof privateOperations>[0] = {
      paths: {
        '/api/things': { post: { security: [{ bearerAuth: [] }] }, get: {} },
        '/api/board': { get: { security: [{}, { bearerAuth: [] }] } },
        '/api/mine': { get: { security: [{ bearerAuth: [] }] } },
      },
    };
    expect(privateOperations(doc)).toEqual(['POST /api/things', 'GET /api/mine']);
    expect(gaps(privateOperations(doc), matrix).missing).toEqual(['POST /api/things', 'GET /api/mine']);
  });

  it('refuses every wrong role and wrong scope with 403/404 (401 without a token) and changes nothing', async () => {
    const bad: string[] = [];
    for (const [op, cs] of Object.entries(matrix)) {
      for (const c of [cs].flat()) bad.push(...(await check(op, c, world)));
    }
    expect(bad).toEqual([]);
  }, 600_000);

  it('shows a team’s members only to its leader and organisers', async () => {
    const see = async (who?: Person) =>
      (await call('GET', `/api/teams/${world.teamId}`, { token: who?.token })).body.members as unknown;
    for (const who of [
      undefined,
      world.resident,
      world.otherLeader,
      world.otherOrganizer,
      world.neighbourOrganizer,
      world.staff,
    ]) {
      expect(await see(who)).toBeUndefined();
    }
    expect(await see(world.leader)).toEqual(expect.any(Array));
    expect(await see(world.organizer)).toEqual(expect.any(Array));
  });

  it('reports an allowed actor in the wrong list and the change it made (negative control)', async () => {
    const bad = await check(
      'POST /api/streets',
      { prepare: async () => ({ path: '/api/streets', body: { name: '对照街道' } }), wrong: ['admin'], right: 'admin' },
      world,
    );
    expect(bad).toEqual([
      expect.stringMatching(/^POST \/api\/streets as admin → 201/),
      'POST /api/streets: a refused request changed the table',
    ]);
  });
});
