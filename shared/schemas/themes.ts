import { z } from 'zod';
import { Id, Month } from './common.js';

export const ThemeKind = z.enum(['mandatory', 'special']);
export type ThemeKind = z.infer<typeof ThemeKind>;

/** `mandatory`: the city's "1" of the month (admin, no street). `special`: one of a street's "N". */
export const ThemeInput = z
  .object({
    month: Month,
    kind: ThemeKind,
    title: z.string().trim().min(1).max(100),
    description: z.string().trim().max(2000).optional(),
    streetId: Id.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.kind === 'mandatory' && t.streetId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['streetId'], message: 'a mandatory theme belongs to the whole city' });
    }
    if (t.kind === 'special' && t.streetId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['streetId'], message: 'a special theme needs its street' });
    }
  });
export type ThemeInput = z.infer<typeof ThemeInput>;

export const Theme = z
  .object({
    id: Id,
    month: Month,
    kind: ThemeKind,
    title: z.string(),
    description: z.string().nullable(),
    streetId: Id.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Theme' });
export type Theme = z.infer<typeof Theme>;

export const MonthThemes = z
  .object({ month: Month, mandatory: Theme.nullable(), special: z.array(Theme) })
  .meta({ id: 'MonthThemes' });
export type MonthThemes = z.infer<typeof MonthThemes>;

export const ThemesQuery = z.object({ month: Month.optional() });
export const MonthParam = z.object({ month: Month });
export const ReportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

export const StreetReport = z.object({
  streetId: Id,
  name: z.string(),
  /** Confirmed activities held in the street's communities this month. */
  activities: z.number().int(),
  /** Distinct volunteers with confirmed minutes > 0 in the street's activities this month. */
  participants: z.number().int(),
  serviceMinutes: z.number().int(),
  specialThemes: z.number().int(),
  /** Activities published for the month, confirmed or not. */
  published: z.number().int(),
  /** The street's communities that held a confirmed activity of the mandatory theme. */
  communitiesCovered: z.number().int(),
  communitiesTotal: z.number().int(),
  /** Correction requests of the street's communities still open now, and how many of them are overdue. */
  corrections: z.object({ open: z.number().int(), overdue: z.number().int() }),
});
export type StreetReport = z.infer<typeof StreetReport>;

export const CommunityCoverage = z.object({
  communityId: Id,
  name: z.string(),
  streetId: Id,
  covered: z.boolean(),
});

/** One community's row of the 1+N report (the per-community view organisers asked for). */
export const CommunityReport = z.object({
  communityId: Id,
  name: z.string(),
  streetId: Id,
  /** Confirmed activities held in the community this month. */
  activities: z.number().int(),
  /** Distinct volunteers with confirmed minutes > 0 in the community's activities this month. */
  participants: z.number().int(),
  serviceMinutes: z.number().int(),
  published: z.number().int(),
  /** Held a confirmed activity of the mandatory theme. */
  covered: z.boolean(),
});
export type CommunityReport = z.infer<typeof CommunityReport>;

export const MonthReport = z
  .object({
    month: Month,
    mandatory: z
      .object({
        themeId: Id,
        title: z.string(),
        communitiesCovered: z.number().int(),
        communitiesTotal: z.number().int(),
        communities: z.array(CommunityCoverage),
      })
      .nullable(),
    streets: z.array(StreetReport),
    communities: z.array(CommunityReport),
    totals: z.object({
      activities: z.number().int(),
      participants: z.number().int(),
      serviceMinutes: z.number().int(),
    }),
  })
  .meta({ id: 'MonthReport' });
export type MonthReport = z.infer<typeof MonthReport>;
