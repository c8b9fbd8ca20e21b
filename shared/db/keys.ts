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

// ==== garbage sorting (cards, bins, scans, daily caps, statistics) — issue 4 ================

// ==== rewards and redemption — issue 5 ======================================================

// ==== leaderboards — issue 6 =================================================================
