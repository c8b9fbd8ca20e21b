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
  pickup: 'CODE#',
  noShow: 'NOSHOW#',
  correction: 'CORR#',
} as const;

// ---- identity -------------------------------------------------------------------------------
export const userKey = (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
/** Uniqueness of a phone number and the lookup phone → user. */
export const phoneKey = (phone: string): Key => ({ pk: `PHONE#${phone}`, sk: 'PHONE' });
export const otpKey = (phone: string): Key => ({ pk: `OTP#${phone}`, sk: 'CODE' });
/** Code sends to a phone from all client addresses; with `client`, from one (a hash of its address). */
export const otpRateKey = (phone: string, client?: string): Key => ({
  pk: `OTP#${phone}`,
  sk: client ? `RATE#${client}` : 'RATE',
});
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

// ==== residents of a community, by name (issue 13: managed residents) ======================
/**
 * byParent partition of a community's residents: the profile item carries gpk = this and
 * gsk = `residentSort(name, id)`, so staff find people by a name prefix without a Scan.
 */
export const communityResidentsParent = (communityId: string): string =>
  parentKey('COMMUNITY', communityId, 'RESIDENTS');
/** byParent sort key of a resident: the name first (prefix search), the id to keep namesakes apart. */
export const residentSort = (name: string, userId: string): string => `${name}#${userId}`;

// ==== proofs of service (issue 13: certificates) ============================================
/** A proof of service (志愿服务记录证明) as issued: what it said, for the public verification page. */
export const certificateKey = (certificateId: string): Key => ({ pk: `CERT#${certificateId}`, sk: 'META' });
/** The counter that numbers the proofs of one year (`ADD seq 1`), so numbers are short and never repeat. */
export const certificateSeqKey = (year: string): Key => ({ pk: 'CERTSEQ', sk: year });
/** A community's public contact (phone of its service station), shown on the proofs it issues. */
export const communityContactKey = (communityId: string): Key => ({ pk: `CONTACT#${communityId}`, sk: 'CONTACT' });

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
/** The month-counter scope of one community (per-community rows of the 1+N report). */
export const communityScope = (communityId: string): string => `COMMUNITY#${communityId}`;
export const cityScope = 'CITY';

// ==== garbage sorting (cards, bins, scans, daily caps, statistics) — issue 4 ================
/** A points card (keychain) → its holder; `active` false once unbound. gpk = `userCardsParent(holder)`. */
export const cardKey = (cardNo: string): Key => ({ pk: `CARD#${cardNo}`, sk: 'CARD' });
/** byParent partition of a person's bound cards (gsk = `CARD#<cardNo>`). */
export const userCardsParent = (userId: string): string => parentKey('USER', userId, 'CARDS');
/** A smart bin: community, name, key version (its secret is derived, never stored). */
export const binKey = (binId: string): Key => ({ pk: `BIN#${binId}`, sk: 'META' });
/** byParent partition of a community's bins (gsk = `<createdAt>#<binId>`). */
export const communityBinsParent = (communityId: string): string => parentKey('COMMUNITY', communityId, 'BINS');
/** Exactly once, forever: one item per scan a bin ever sent (Put `attribute_not_exists`). */
export const scanDedupeKey = (binId: string, scanId: string): Key => ({ pk: `BIN#${binId}`, sk: `SCAN#${scanId}` });
/** `begins_with` prefixes of the counters in a `garbageStatPartition`. */
export const garbageStatPrefixes = { month: 'STAT#M#', day: 'STAT#D#', bin: 'STAT#B#' } as const;
/** One partition per community and month holds its sorting counters and participant markers. */
export const garbageStatPartition = (communityId: string, month: string): string => `GSTAT#${communityId}#${month}`;
/** Month counters, sharded so parallel credit transactions of one batch do not contend on one item. */
export const garbageMonthStatKey = (communityId: string, month: string, shard: number): Key => ({
  pk: garbageStatPartition(communityId, month),
  sk: `${garbageStatPrefixes.month}${shard}`,
});
/** Day counters (the dashboard's daily series), sharded like the month's. `day` is `YYYY-MM-DD`. */
export const garbageDayStatKey = (communityId: string, day: string, shard: number): Key => ({
  pk: garbageStatPartition(communityId, day.slice(0, 7)),
  sk: `${garbageStatPrefixes.day}${day}#${shard}`,
});
/** Per-bin month counters (top bins), sharded like the month's. */
export const garbageBinStatKey = (communityId: string, month: string, binId: string, shard: number): Key => ({
  pk: garbageStatPartition(communityId, month),
  sk: `${garbageStatPrefixes.bin}${binId}#${shard}`,
});
/** Marker "this person dropped in this community this month" (distinct participants), TTL. */
export const garbageMonthParticipantKey = (communityId: string, month: string, userId: string): Key => ({
  pk: garbageStatPartition(communityId, month),
  sk: `PART#M#${userId}`,
});
/** Marker "this person dropped in this community on this day" (daily participants), TTL. */
export const garbageDayParticipantKey = (communityId: string, day: string, userId: string): Key => ({
  pk: garbageStatPartition(communityId, day.slice(0, 7)),
  sk: `PART#D#${day}#${userId}`,
});

// ==== rewards and redemption — issue 5 ======================================================
/** A gift: name, cost, stock (the one stock counter, see data-model "hot gift"), limit, window. */
export const rewardKey = (rewardId: string): Key => ({ pk: `REWARD#${rewardId}`, sk: 'META' });
/** A gift's uploaded picture, kept off the hot stock item so stock writes stay at 1 KB. */
export const rewardImageKey = (rewardId: string): Key => ({ pk: `REWARD#${rewardId}`, sk: 'IMAGE' });
/** byParent partition of a community's gifts (gsk = reward id). */
export const communityRewardsParent = (communityId: string): string => parentKey('COMMUNITY', communityId, 'REWARDS');
/** A redemption (reservation → fulfilled | cancelled). */
export const redemptionKey = (redemptionId: string): Key => ({ pk: `REDEMPTION#${redemptionId}`, sk: 'META' });
/** byParent partition of a person's redemptions (gsk = redemption id, so newest first reads backwards). */
export const userRedemptionsParent = (userId: string): string => parentKey('USER', userId, 'REDEMPTIONS');
/** byMonth partition (mpk) of a gift's redemptions (msk = redemption id). */
export const rewardRedemptionsParent = (rewardId: string): string => parentKey('REWARD', rewardId, 'REDEMPTIONS');
/** Shards of the byDue partition of open reservations; spreads a city-wide rush over this many partitions. */
export const RESERVATION_SHARDS = 8;
/** byDue partition (dpk) of open reservations, shard 0..RESERVATION_SHARDS-1. */
export const reservationDuePartition = (shard: number): string => `RESV#${shard}`;
/** byDue sort key (dsk): expiry first so the job reads "due before now" as one range. */
export const reservationDueSort = (expiresAt: string, redemptionId: string): string => `${expiresAt}#${redemptionId}`;
/** The byDue shard of a redemption: stable, from the random part of its id. */
export const reservationShard = (redemptionId: string): number => {
  let h = 0;
  for (const ch of redemptionId.slice(-6)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % RESERVATION_SHARDS;
};
/**
 * How many of a gift one person holds (reserved + fulfilled). In the PERSON's partition, not the
 * gift's, so a rush adds no second write to the hot gift partition.
 */
export const rewardCountKey = (userId: string, rewardId: string): Key => ({
  pk: userPartition(userId),
  sk: `REDEEMED#${rewardId}`,
});
/** An open reservation's pickup code, unique in its community while reserved; the community's open list. */
export const pickupKey = (communityId: string, code: string): Key => ({
  pk: pickupPartition(communityId),
  sk: `${prefixes.pickup}${code}`,
});
export const pickupPartition = (communityId: string): string => `PICKUP#${communityId}`;
/** An Idempotency-Key of a redemption request, scoped to the person (TTL 48 h). */
export const idempotencyKey = (userId: string, key: string): Key => ({ pk: `IDEM#${userId}#${key}`, sk: 'IDEM' });
/** Guard of a one-time demo-city write (seeding twice changes nothing). */
export const rewardSeedGuardKey = (name: string): Key => ({ pk: `SEED#REWARDS`, sk: name });

// ==== leaderboards — issue 6 =================================================================
/**
 * A board is one ranking: `P#<metric>#<scope>#<period>` ranks people, `T#<metric>#<scope>#<period>` teams,
 * `C#<metric>#<period>` communities. `scope` is `city`, `street:<id>`, `community:<id>` or `team:<id>`;
 * `period` is `YYYY-MM`, `YYYY` or `all` in TZ_NAME.
 */
export type BoardKind = 'people' | 'teams' | 'communities';
export type BoardSubject = 'USER' | 'TEAM' | 'COMMUNITY';

export const peopleBoard = (metric: string, scope: string, period: string): string => `P#${metric}#${scope}#${period}`;
export const teamsBoard = (metric: string, scope: string, period: string): string => `T#${metric}#${scope}#${period}`;
export const communitiesBoard = (metric: string, period: string): string => `C#${metric}#${period}`;

/**
 * A subject's value on a board. The partition is the subject's own (`LB#USER#<id>`), never the board's,
 * so a city board's million items spread over the table instead of heating one partition key.
 */
export const boardValueKey = (subject: BoardSubject, subjectId: string, board: string): Key => ({
  pk: boardSubjectPartition(subject, subjectId),
  sk: board,
});
/** The partition holding all of one subject's board values (one Query finds a person's every board row). */
export const boardSubjectPartition = (subject: BoardSubject, subjectId: string): string => `LB#${subject}#${subjectId}`;

/**
 * How many byScore partitions a board's write path is spread over (docs/data-model.md, "Leaderboards",
 * has the arithmetic). Fixed per board: changing it needs a re-shard of the existing items.
 */
export function boardShards(board: string): number {
  const [kind, metric, scope = ''] = board.split('#');
  const cityWide = kind === 'C' || scope === 'city';
  if (metric === 'garbage_points') {
    if (cityWide) return 16;
    if (scope.startsWith('street:')) return 4;
    return 1;
  }
  return cityWide ? 4 : 1;
}

/** FNV-1a of a subject id: a stable, evenly spread shard number in [0, shards). */
export function shardOf(subjectId: string, shards: number): number {
  if (shards <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < subjectId.length; i++) {
    h ^= subjectId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** byScore partition (lbpk) of one shard of a board. */
export const boardShardPartition = (board: string, shard: number): string => `${board}#${shard}`;

// ==== resilience — issue 7 ===================================================================
/** An Idempotency-Key of a points adjustment, scoped to the person adjusting (TTL 48 h). */
export const adjustmentIdempotencyKey = (actorId: string, key: string): Key => ({
  pk: `IDEM#ADJ#${actorId}#${key}`,
  sk: 'IDEM',
});

// ==== notifications — issue 11 ===============================================================
/** A person's inbox: notices (`N#<ulid>`, newest first by reading backwards), send guards and the unread counter. */
export const inboxPartition = (userId: string): string => `INBOX#${userId}`;
export const noticePrefix = 'N#';
/** One notice in a person's inbox. */
export const noticeKey = (userId: string, noticeId: string): Key => ({
  pk: inboxPartition(userId),
  sk: `${noticePrefix}${noticeId}`,
});
/**
 * Exactly once per (person, kind, subject): the notice is written in one transaction with a conditional Put of
 * this guard, so a job run twice or a delivery repeated adds nothing.
 */
export const noticeGuardKey = (userId: string, kind: string, subject: string): Key => ({
  pk: inboxPartition(userId),
  sk: `SENT#${kind}#${subject}`,
});
/** The unread counter of an inbox, moved in the same transaction as the notices. */
export const unreadKey = (userId: string): Key => ({ pk: inboxPartition(userId), sk: 'UNREAD' });
/** A person's notification preferences (language, kinds by SMS); absent = the contract's defaults. */
export const preferencesKey = (userId: string): Key => ({ pk: userPartition(userId), sk: 'PREFS' });
/** Shards of the byDue partitions of texts waiting to go out (quiet hours, or a send that failed). */
export const SMS_SHARDS = 4;
/** byDue partition (dpk) of pending texts; a notice carries it while its text is due. */
export const smsDuePartition = (shard: number): string => `SMSQ#${shard}`;
/** byDue sort key (dsk): due time first so the job reads "due before now" as one range. */
export const smsDueSort = (dueAt: string, noticeId: string): string => `${dueAt}#${noticeId}`;
/** The byDue shard of a pending text: stable, from the random part of the notice id. */
export const smsShard = (noticeId: string): number => {
  let h = 0;
  for (const ch of noticeId.slice(-6)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % SMS_SHARDS;
};

// ==== no-shows and correction requests — issue 11 ===========================================
/** A no-show of one person at one activity: recorded once at confirm (Put `attribute_not_exists`), excused in place. */
export const noShowKey = (activityId: string, userId: string): Key => ({
  pk: activityPartition(activityId),
  sk: `${prefixes.noShow}${userId}`,
});
/** The person's copy, keyed by when it happened: "no-shows in the last 90 days" is one key range. */
export const userNoShowKey = (userId: string, at: string, activityId: string): Key => ({
  pk: userPartition(userId),
  sk: `${prefixes.noShow}${at}#${activityId}`,
});

/** A correction request (纠错申请); gpk `userCorrectionsParent` gsk `<createdAt>#<id>` (mine, newest first by reading backwards). */
export const correctionKey = (correctionId: string): Key => ({ pk: `CORR#${correctionId}`, sk: 'META' });
/** One open request per person and activity: Put `attribute_not_exists` when filed, deleted when answered. */
export const openCorrectionKey = (activityId: string, userId: string): Key => ({
  pk: activityPartition(activityId),
  sk: `${prefixes.correction}${userId}`,
});
export const userCorrectionsParent = (userId: string): string => parentKey('USER', userId, 'CORRECTIONS');
/** byMonth partition (mpk) of a street's requests, msk `<createdAt>#<id>`: the organisers' queue, oldest first. */
export const streetCorrectionsPartition = (streetId: string): string => `CORRQ#${streetId}`;
export const correctionSort = (createdAt: string, correctionId: string): string => `${createdAt}#${correctionId}`;
/** byDue partition (dpk) of the open requests city-wide, dsk `<dueAt>#<id>`, removed on answer: the report's counts. */
export const openCorrectionsDuePartition = 'CORRDUE';

// ==== projector — issue 10 ===================================================================
/**
 * One person's projected board values AND what the projector has applied of their source records, in
 * one item (`LB#USER#<id>` / `TOTALS`): the values per (metric, period, place), the places (community and
 * street at earning time, teams), the recent garbage participation (distinct participants), and the
 * guard — the highest profile version `ver` applied completely and the slots of that version applied so
 * far. The projector rewrites it whole, conditioned on its write counter `n` (docs/data-model.md,
 * "Projector"), in the same transaction as the aggregates the same records move: one write per person
 * and batch instead of a guard plus an item per board. In the person's board partition, so a closed
 * account's name is overwritten with the other board copies.
 */
export const personBoardsKey = (userId: string): Key => ({ pk: boardSubjectPartition('USER', userId), sk: 'TOTALS' });
/** The projector's guard lives in the person's totals item (see personBoardsKey). */
export const projectorGuardKey = personBoardsKey;
/**
 * The top list of one people board (`P#…`): the highest TOP_K people and their values, merged by the
 * projector from the persons' totals. One item per board, its own partition.
 */
export const boardTopKey = (board: string): Key => ({ pk: `LBTOP#${board}`, sk: 'TOP' });
/**
 * How many shard lists a people or communities board's top list is spread over (docs/data-model.md, "Boards
 * at city scale", has the arithmetic; bench/cost.ts computes the hottest from it). City-wide garbage boards
 * take a list write per projector batch at most, 1/S of them per shard; a street's garbage boards see its
 * residents' batches only. Raising S later is safe (readers read S, writers pick among S; shard 0 stays);
 * lowering it would drop lists.
 */
export function boardTopShards(board: string): number {
  const [kind, metric, scope = ''] = board.split('#');
  const cityWide = kind === 'C' || scope === 'city';
  if (metric === 'garbage_points') {
    if (cityWide) return 64;
    if (scope.startsWith('street:')) return 8;
    return 1;
  }
  return cityWide ? 4 : 1;
}

/**
 * One shard of a board's top list. A projector batch merges into ONE shard of each board it touches, picked
 * at random among `boardTopShards(board)`, so a city board's list takes 1/S of the batches' writes; readers
 * merge the S lists (board-tops.ts). Shard 0 is the unsharded list's item (lists written before sharding stay
 * valid as shard 0); shard s > 0 has its own partition.
 */
export const boardTopShardKey = (board: string, shard: number): Key =>
  shard === 0 ? boardTopKey(board) : { pk: `LBTOP#${board}#${shard}`, sk: 'TOP' };
/**
 * A community's values on every communities board (`C#<metric>#<period>`), one number attribute per board
 * (`<metric code><period>`, person-boards.ts), ADDed by the projector once per community and batch. Its
 * ranked list is the board's top list (boardTopShardKey), not a byScore index: no shared partition per credit.
 */
export const communityTotalsKey = (communityId: string): Key => ({
  pk: boardSubjectPartition('COMMUNITY', communityId),
  sk: 'TOTALS',
});

// ==== audit trail — issue 12 =================================================================
/**
 * Where an audited act is filed: one partition per community and month (`AUDIT#C#<id>#<YYYY-MM>`), so a
 * community's month is one Query; acts with no community (a street's or the city's roles) go to their
 * street's or the city's month partition. The month is the act's month in TZ_NAME.
 */
export const auditPartition = (
  where: { communityId: string | null; streetId: string | null },
  month: string,
): string =>
  where.communityId
    ? `AUDIT#C#${where.communityId}#${month}`
    : where.streetId
      ? `AUDIT#S#${where.streetId}#${month}`
      : `AUDIT#CITY#${month}`;
/** Time order inside an audit partition (and its index partitions): newest first by reading backwards. */
export const auditSort = (at: string, auditId: string): string => `${at}#${auditId}`;
export const auditKey = (
  where: { communityId: string | null; streetId: string | null },
  month: string,
  at: string,
  auditId: string,
): Key => ({ pk: auditPartition(where, month), sk: auditSort(at, auditId) });
/** byParent partition (gpk) of a street's audit items of a month: its communities' acts and its own. */
export const streetAuditParent = (streetId: string, month: string): string => `AUDIT#STREET#${streetId}#${month}`;
/** byMonth partition (mpk) of the whole city's audit items of a month (the admin's view across communities). */
export const cityAuditMonth = (month: string): string => `AUDIT#${month}`;

// ==== review flags — issue 12 ================================================================
/** A review flag (API.md "Trust"): kind, subject, evidence, routing, status and the decision. */
export const flagKey = (flagId: string): Key => ({ pk: `FLAG#${flagId}`, sk: 'META' });
/**
 * Exactly once per (kind, subject, window): the flag is written in one transaction with a conditional Put
 * of this guard, so a replayed stream batch or a second detector run raises nothing more.
 */
export const flagOnceKey = (kind: string, subject: string, window: string): Key => ({
  pk: `FLAGONCE#${kind}#${subject}`,
  sk: window,
});
/** byParent partition (gpk) of a street's review queue (flags of its communities' acts), per status. */
export const streetFlagsParent = (streetId: string, status: string): string => `FLAGS#S#${streetId}#${status}`;
/** byMonth partition (mpk) of the admin's review queue (every flag), per status. */
export const cityFlagsPartition = (status: string): string => `FLAGS#${status}`;
/** Time order in a queue partition (gsk / msk): oldest first by reading forwards. */
export const flagSort = (createdAt: string, flagId: string): string => `${createdAt}#${flagId}`;
/**
 * What a burst detector has seen of one subject in one time bucket: a string set of the events
 * (`<epoch ms>|…`), grown with ADD, which is idempotent, so a replayed batch counts nothing twice. TTL.
 */
export const flagWindowKey = (kind: string, subject: string, bucket: number): Key => ({
  pk: `FLAGWIN#${kind}#${subject}`,
  sk: String(bucket),
});
