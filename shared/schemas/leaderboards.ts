import { z } from 'zod';
import { Id } from './common.js';

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

export const Metric = z.enum(['service_minutes', 'volunteer_points', 'garbage_points']);
export type Metric = z.infer<typeof Metric>;

/** `YYYY-MM`, `YYYY` or `all`, counted in the deployment's time zone. */
export const Period = z
  .string()
  .regex(/^(all|\d{4}|\d{4}-(0[1-9]|1[0-2]))$/, 'must be YYYY-MM, YYYY or all')
  .meta({ example: 'all' });
export type Period = z.infer<typeof Period>;

/** Where a people board ranks: the city, a street, a community or a team. */
export const Scope = z
  .string()
  .regex(
    new RegExp(`^(city|(street|community|team):${ULID})$`),
    'must be city, street:<id>, community:<id> or team:<id>',
  )
  .meta({ example: 'city' });

/** Where a team board ranks: teams of the city, of a street or of a community. */
export const TeamScope = z
  .string()
  .regex(new RegExp(`^(city|(street|community):${ULID})$`), 'must be city, street:<id> or community:<id>')
  .meta({ example: 'city' });

const Limit = z.coerce.number().int().min(1).max(100).default(20);

export const PeopleBoardQuery = z.object({ metric: Metric, scope: Scope, period: Period, limit: Limit });
export type PeopleBoardQuery = z.infer<typeof PeopleBoardQuery>;

/** Team boards rank the service minutes of their members (API: `metric=service_minutes`). */
export const TeamMetric = z.literal('service_minutes', { error: 'team boards rank service_minutes' });
export const TeamBoardQuery = z.object({
  metric: TeamMetric.default('service_minutes'),
  scope: TeamScope,
  period: Period,
  limit: Limit,
});
export type TeamBoardQuery = z.infer<typeof TeamBoardQuery>;

export const CommunityBoardQuery = z.object({ metric: Metric, period: Period, limit: Limit });
export type CommunityBoardQuery = z.infer<typeof CommunityBoardQuery>;

const Rank = z.number().int().min(1).describe('Equal values share a rank: 1, 2, 2, 4');
const Value = z.number().int().describe('Minutes or points; only values > 0 are ranked');

export const PersonEntry = z
  .object({ rank: Rank, userId: Id, name: z.string().describe('Masked: first character + `*`'), value: Value })
  .meta({ id: 'LeaderboardPersonEntry' });
export type PersonEntry = z.infer<typeof PersonEntry>;

export const MyStanding = z
  .object({
    rank: z
      .number()
      .int()
      .min(1)
      .nullable()
      .describe(
        'Exact rank, or null when the caller is not ranked (value 0) or ranks beyond what the board read ' +
          'covers. The read always covers the top 100, so anyone within the top 100 gets an exact rank; never approximated.',
      ),
    value: z.number().int().describe('The caller’s value on this board (0 when nothing was earned)'),
  })
  .meta({
    id: 'LeaderboardMe',
    description: 'The caller’s standing on the board; present only when a bearer token is sent',
  });
export type MyStanding = z.infer<typeof MyStanding>;

export const PeopleBoard = z
  .object({
    metric: Metric,
    scope: z.string(),
    period: z.string(),
    entries: z.array(PersonEntry),
    me: MyStanding.optional(),
  })
  .meta({ id: 'PeopleLeaderboard' });
export type PeopleBoard = z.infer<typeof PeopleBoard>;

export const TeamEntry = z
  .object({ rank: Rank, teamId: Id, name: z.string(), value: Value })
  .meta({ id: 'LeaderboardTeamEntry' });
export type TeamEntry = z.infer<typeof TeamEntry>;

export const TeamBoard = z
  .object({ metric: TeamMetric, scope: z.string(), period: z.string(), entries: z.array(TeamEntry) })
  .meta({ id: 'TeamLeaderboard' });
export type TeamBoard = z.infer<typeof TeamBoard>;

export const CommunityEntry = z
  .object({ rank: Rank, communityId: Id, name: z.string(), value: Value })
  .meta({ id: 'LeaderboardCommunityEntry' });
export type CommunityEntry = z.infer<typeof CommunityEntry>;

export const CommunityBoard = z
  .object({ metric: Metric, period: z.string(), entries: z.array(CommunityEntry) })
  .meta({ id: 'CommunityLeaderboard' });
export type CommunityBoard = z.infer<typeof CommunityBoard>;

/** The current month and year in TZ_NAME, so a client picks "this month" as the server counts it. */
export const CurrentPeriods = z
  .object({ month: z.string(), year: z.string(), timeZone: z.string() })
  .meta({ id: 'LeaderboardPeriods' });
