/**
 * Every DynamoDB key of the product is built here and nowhere else. Pure functions, no SDK.
 * docs/data-model.md lists each access pattern with the key or index it uses.
 */
export interface Key {
  pk: string;
  sk: string;
}

/** Key prefixes used in `begins_with` conditions. */
export const prefixes = {
  ledger: 'LEDGER#',
  member: 'MEMBER#',
  signup: 'SIGNUP#',
  wait: 'WAIT#',
  attendance: 'ATT#',
  theme: 'THEME#',
  street: 'STREET#',
  community: 'COMMUNITY#',
  service: 'SERVICE#',
  credit: 'CREDIT#',
  outbox: 'MSG#',
} as const;

// ---- identity -------------------------------------------------------------------------------
export const userKey = (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
/** Uniqueness of a phone number and the lookup phone → user. */
export const phoneKey = (phone: string): Key => ({ pk: `PHONE#${phone}`, sk: 'PHONE' });
export const otpKey = (phone: string): Key => ({ pk: `OTP#${phone}`, sk: 'CODE' });
export const otpRateKey = (phone: string): Key => ({ pk: `OTP#${phone}`, sk: 'RATE' });
export const outboxKey = (phone: string, messageId: string): Key => ({
  pk: `OUTBOX#${phone}`,
  sk: `${prefixes.outbox}${messageId}`,
});
export const outboxPartition = (phone: string): string => `OUTBOX#${phone}`;

// ---- ledger ---------------------------------------------------------------------------------
export const userPartition = (userId: string): string => `USER#${userId}`;
export const ledgerKey = (userId: string, entryId: string): Key => ({
  pk: userPartition(userId),
  sk: `${prefixes.ledger}${entryId}`,
});

/**
 * Points liability of a community (sums of ledger deltas by reason), moved by the ledger core in the
 * same transaction as every balance. `period` is `TOTAL` or a month `YYYY-MM`. Residents without a
 * community count under `NONE`.
 */
export const liabilityKey = (communityId: string | null, period: string): Key => ({
  pk: `LIAB#${communityId ?? 'NONE'}`,
  sk: period,
});

// ---- organisation (one small partition, read whole and cached) ------------------------------
export const orgPartition = 'ORG';
export const streetKey = (streetId: string): Key => ({ pk: orgPartition, sk: `${prefixes.street}${streetId}` });
export const communityKey = (communityId: string): Key => ({
  pk: orgPartition,
  sk: `${prefixes.community}${communityId}`,
});

// ---- index keys (byParent: gpk/gsk) --------------------------------------------------------
/** Children of a parent, e.g. parentKey('COMMUNITY', id, 'TEAMS'). */
export const parentKey = (kind: string, id: string, child: string): string => `${kind}#${id}#${child}`;

// ==== volunteer service (teams, themes, activities, check-ins) — issue 3 ====================
/** byParent partition of a person's team memberships: member items carry gpk = this, gsk = `TEAM#<teamId>`, `status`. */
export const userTeamsParent = (userId: string): string => parentKey('USER', userId, 'TEAMS');
/** byParent sort key of a membership in `userTeamsParent`. */
export const userTeamsSort = (teamId: string): string => `TEAM#${teamId}`;

/** A team: name, community, leader, memberCount and serviceMinutes counters. */
export const teamKey = (teamId: string): Key => ({ pk: `TEAM#${teamId}`, sk: 'META' });
export const teamPartition = (teamId: string): string => `TEAM#${teamId}`;
/** byParent partition of a community's teams (gsk `TEAM#<id>`). */
export const communityTeamsParent = (communityId: string): string => parentKey('COMMUNITY', communityId, 'TEAMS');
/** One membership (status pending | active); gpk userTeamsParent(userId), gsk userTeamsSort(teamId). */
export const teamMemberKey = (teamId: string, userId: string): Key => ({
  pk: teamPartition(teamId),
  sk: `${prefixes.member}${userId}`,
});

/** The themes of a month live in one small partition. */
export const monthThemesPartition = (month: string): string => `THEMES#${month}`;
export const themeKey = (month: string, themeId: string): Key => ({
  pk: monthThemesPartition(month),
  sk: `${prefixes.theme}${themeId}`,
});
/** At most one mandatory theme per month: a conditional Put of this item. */
export const mandatoryThemeGuardKey = (month: string): Key => ({ pk: monthThemesPartition(month), sk: 'MANDATORY' });
/** Theme id → month, for filtering activities by theme alone. */
export const themePointerKey = (themeId: string): Key => ({ pk: `THEME#${themeId}`, sk: 'META' });

/** An activity: details, signups/waitlisted counters, status, credited totals and the check-in secret. */
export const activityKey = (activityId: string): Key => ({ pk: activityPartition(activityId), sk: 'META' });
export const activityPartition = (activityId: string): string => `ACT#${activityId}`;
/** byParent partition of a community's activities; gsk activitySort. */
export const communityActivitiesParent = (communityId: string): string => parentKey('COMMUNITY', communityId, 'ACTS');
/** byMonth partition of the activities of a month (in TZ_NAME, of startsAt); msk activitySort. */
export const monthActivitiesPartition = (month: string): string => `ACTS#${month}`;
/** Time order of activities in byParent and byMonth. */
export const activitySort = (startsAt: string, activityId: string): string => `${startsAt}#${activityId}`;
/** One person's sign-up (confirmed | waitlisted); gpk userSignupsParent, gsk activitySort. */
export const signupKey = (activityId: string, userId: string): Key => ({
  pk: activityPartition(activityId),
  sk: `${prefixes.signup}${userId}`,
});
export const userSignupsParent = (userId: string): string => parentKey('USER', userId, 'SIGNUPS');
/** The waitlist in order of arrival: one item per waiting person, sorted by a ULID. */
export const waitKey = (activityId: string, waitId: string): Key => ({
  pk: activityPartition(activityId),
  sk: `${prefixes.wait}${waitId}`,
});
/** A person's check-in / check-out (or an organiser's manual record). */
export const attendanceKey = (activityId: string, userId: string): Key => ({
  pk: activityPartition(activityId),
  sk: `${prefixes.attendance}${userId}`,
});
/** Confirmation of an activity: created once, holds the adjustments and a lease of the confirm in progress. */
export const confirmGuardKey = (activityId: string): Key => ({ pk: activityPartition(activityId), sk: 'CONFIRMED' });
/** Exactly-once credit of one volunteer for one activity (Put attribute_not_exists in the credit transaction). */
export const creditKey = (activityId: string, userId: string): Key => ({
  pk: activityPartition(activityId),
  sk: `${prefixes.credit}${userId}`,
});
/** A confirmed activity in a person's service record, newest first by endsAt. */
export const serviceRecordKey = (userId: string, endsAt: string, activityId: string): Key => ({
  pk: userPartition(userId),
  sk: `${prefixes.service}${endsAt}#${activityId}`,
});
/** Monthly counters of the 1+N report (distinct participants per street and for the city). */
export const monthStatsPartition = (month: string): string => `MSTAT#${month}`;
/** `scope` is `STREET#<id>` or `CITY`. */
export const monthStatKey = (month: string, scope: string): Key => ({ pk: monthStatsPartition(month), sk: scope });
/** Marks a person as counted among a month's participants of a scope (street or city). */
export const monthParticipantKey = (month: string, scope: string, userId: string): Key => ({
  pk: `MPART#${month}#${scope}`,
  sk: `USER#${userId}`,
});
export const streetScope = (streetId: string): string => `STREET#${streetId}`;
export const cityScope = 'CITY';

// ==== garbage sorting (cards, bins, scans, daily caps, statistics) — issue 4 ================

// ==== rewards and redemption — issue 5 ======================================================

// ==== leaderboards — issue 6 =================================================================
