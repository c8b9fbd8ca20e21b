import { z } from 'zod';
import { Id, IsoTime, Month } from './common.js';

/** Longest activity: 12 hours. */
export const MAX_ACTIVITY_MS = 12 * 3_600_000;

export const Location = z
  .object({
    name: z.string().trim().min(1).max(100),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    /** Geofence radius in metres; needs lat and lng. */
    radiusM: z.number().int().min(10).max(100_000).optional(),
  })
  .superRefine((l, ctx) => {
    if ((l.lat === undefined) !== (l.lng === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [l.lat === undefined ? 'lat' : 'lng'],
        message: 'give lat and lng together',
      });
    }
    if (l.radiusM !== undefined && l.lat === undefined) {
      ctx.addIssue({ code: 'custom', path: ['radiusM'], message: 'a geofence needs lat and lng' });
    }
  });
export type Location = z.infer<typeof Location>;

export const ActivityInput = z
  .object({
    communityId: Id,
    title: z.string().trim().min(1).max(100),
    description: z.string().trim().max(4000).optional(),
    themeId: Id.optional(),
    teamId: Id.optional(),
    location: Location,
    startsAt: IsoTime,
    endsAt: IsoTime,
    capacity: z.number().int().min(1).max(10_000),
    pointsPerHour: z.number().int().min(0).max(100),
  })
  .superRefine((a, ctx) => {
    const ms = Date.parse(a.endsAt) - Date.parse(a.startsAt);
    if (!(ms > 0)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    else if (ms > MAX_ACTIVITY_MS)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'at most 12 h after startsAt' });
  });
export type ActivityInput = z.infer<typeof ActivityInput>;

export const ActivityStatus = z.enum(['published', 'confirmed', 'cancelled']);

/**
 * `PATCH /api/activities/{id}`: what an organiser may change before the start. Times are checked against the
 * activity's other time by the service (the same rules as creation), since either may be left out.
 */
export const ActivityPatch = z
  .object({
    title: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(4000).optional(),
    location: Location.optional(),
    startsAt: IsoTime.optional(),
    endsAt: IsoTime.optional(),
    capacity: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'name at least one field to change' });
export type ActivityPatch = z.infer<typeof ActivityPatch>;

/** `POST /api/activities/{id}/cancel`: the reason every person signed up is told. */
export const CancelActivityInput = z.object({ reason: z.string().trim().min(1).max(500) });
export const CancelActivityResult = z.object({ status: z.literal('cancelled') });

export const Activity = z
  .object({
    id: Id,
    communityId: Id,
    streetId: Id,
    title: z.string(),
    description: z.string().nullable(),
    themeId: Id.nullable(),
    teamId: Id.nullable(),
    location: z.object({
      name: z.string(),
      lat: z.number().optional(),
      lng: z.number().optional(),
      radiusM: z.number().int().optional(),
    }),
    startsAt: z.string(),
    endsAt: z.string(),
    /** `YYYY-MM` of startsAt in TZ_NAME. */
    month: Month,
    capacity: z.number().int(),
    pointsPerHour: z.number().int(),
    signups: z.number().int(),
    waitlisted: z.number().int(),
    status: ActivityStatus,
    /** Confirmed totals, moved by each volunteer's credit. */
    creditedMinutes: z.number().int(),
    creditedPoints: z.number().int(),
    participants: z.number().int(),
    confirmedAt: z.string().nullable(),
    createdAt: z.string(),
    /** Set once the activity is cancelled (status `cancelled`). */
    cancelledAt: z.string().optional(),
    cancelReason: z.string().optional(),
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof Activity>;

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const ActivityListQuery = z.object({
  month: Month.optional(),
  communityId: Id.optional(),
  streetId: Id.optional(),
  themeId: Id.optional(),
  /** Only activities that have not ended yet. */
  upcoming: flag,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const SignupStatus = z.enum(['confirmed', 'waitlisted']);
export type SignupStatus = z.infer<typeof SignupStatus>;
export const SignupResult = z.object({ status: SignupStatus, position: z.number().int().nullable() });

/** My standing in one activity. `position` is 1-based in the waitlist. */
export const MySignup = z
  .object({
    status: z.enum(['none', 'confirmed', 'waitlisted']),
    position: z.number().int().nullable(),
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    minutes: z.number().int().nullable(),
    credited: z.object({ minutes: z.number().int(), points: z.number().int() }).nullable(),
  })
  .meta({ id: 'MySignup' });

export const MySignupItem = z.object({
  activityId: Id,
  title: z.string(),
  communityId: Id,
  startsAt: z.string(),
  endsAt: z.string(),
  status: SignupStatus,
});

export const SignupEntry = z.object({
  userId: Id,
  name: z.string(),
  status: SignupStatus,
  at: z.string(),
});

export const CheckinCode = z.object({ code: z.string(), expiresAt: z.string() }).meta({ id: 'CheckinCode' });

/** Check-in codes are 6 digits; spaces a person types are ignored. */
export const CodeField = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'must be the 6-digit code'));

export const CheckinInput = z.object({
  code: CodeField,
  /** Offline check-in: when the phone scanned the code (it had no signal then); checked against that 30-s step. */
  scannedAt: IsoTime.optional().describe(
    'Offline check-in: the scan time, up to 24 h ago, within the check-in window, not in the future',
  ),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});
/**
 * `X-Device-Id`: a random id the web keeps per installation and sends with self check-ins, so one phone
 * checking in many accounts can be flagged for review (`shared-device`). It never blocks a check-in.
 */
export const DeviceHeader = z.object({
  'x-device-id': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _')
    .optional()
    .meta({ description: 'The web installation that checks in (review flag `shared-device`)' }),
});
export const CheckinResult = z.object({
  checkedInAt: z.string(),
  /** True when the check-in was sent later with its scan time. */
  offline: z.boolean(),
});
export const CheckoutInput = z.object({ code: CodeField });
export const CheckoutResult = z.object({ checkedOutAt: z.string(), minutes: z.number().int() });

export const AttendanceInput = z
  .object({ checkedInAt: IsoTime, checkedOutAt: IsoTime.nullable().optional() })
  .superRefine((a, ctx) => {
    if (a.checkedOutAt && Date.parse(a.checkedOutAt) < Date.parse(a.checkedInAt)) {
      ctx.addIssue({ code: 'custom', path: ['checkedOutAt'], message: 'must not precede checkedInAt' });
    }
  });

export const AttendanceRecord = z
  .object({
    userId: Id,
    name: z.string(),
    /** Null for a no-show. */
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    /** Overlap with the activity, whole minutes; 0 before check-out. */
    minutes: z.number().int(),
    manual: z.boolean(),
    /** Checked in offline: the code was scanned without signal and uploaded later with its scan time. */
    offline: z.boolean(),
    /** A confirmed sign-up who never came, recorded at confirm (listed after the attendance). */
    noShow: z.boolean(),
  })
  .meta({ id: 'AttendanceRecord' });
export type AttendanceRecord = z.infer<typeof AttendanceRecord>;

export const ConfirmInput = z.object({
  adjustments: z
    .array(z.object({ userId: Id, minutes: z.number().int() }))
    .max(10_000)
    .optional(),
});
export type ConfirmInput = z.infer<typeof ConfirmInput>;

export const ConfirmResult = z
  .object({
    confirmed: z.array(z.object({ userId: Id, minutes: z.number().int(), points: z.number().int() })),
    totalMinutes: z.number().int(),
    totalPoints: z.number().int(),
    /** Confirmed sign-ups without attendance, recorded as no-shows. */
    noShows: z.array(Id),
  })
  .meta({ id: 'ConfirmResult' });
export type ConfirmResult = z.infer<typeof ConfirmResult>;

/** One confirmed activity in a person's service record. */
export const ServiceRecord = z
  .object({
    activityId: Id,
    title: z.string(),
    communityId: Id,
    location: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    minutes: z.number().int(),
    points: z.number().int(),
    teamId: Id.nullable(),
    themeId: Id.nullable(),
    confirmedAt: z.string(),
  })
  .meta({ id: 'ServiceRecord' });
export type ServiceRecord = z.infer<typeof ServiceRecord>;

export const MyService = z
  .object({
    userId: Id,
    name: z.string(),
    serviceMinutes: z.number().int(),
    stars: z.number().int().min(0).max(5),
    /** Hours the next star needs in total, or null at five stars. */
    nextStarHours: z.number().int().nullable(),
    items: z.array(ServiceRecord),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'MyService' });

export const ActivityUserParams = z.object({ id: Id, userId: Id });
