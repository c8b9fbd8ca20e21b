import { createRoute, z } from '@hono/zod-openapi';
import {
  Activity,
  ActivityInput,
  ActivityListQuery,
  ActivityPatch,
  ActivityUserParams,
  CancelActivityInput,
  CancelActivityResult,
  AttendanceInput,
  AttendanceRecord,
  CheckinCode,
  CheckinInput,
  DeviceHeader,
  CheckinResult,
  CheckoutInput,
  CheckoutResult,
  ConfirmInput,
  ConfirmResult,
  MySignup,
  SignupEntry,
  SignupResult,
} from '../../../shared/schemas/activities.js';
import { IdParam, ListQuery, page } from '../../../shared/schemas/common.js';
import { assertRuns, createActivity, listActivities, requireActivity, toActivity } from '../../services/activities.js';
import {
  attendanceOf,
  checkinCodeFor,
  checkInSelf,
  checkOutSelf,
  undoCheckOutSelf,
  putAttendanceFor,
} from '../../services/attendance.js';
import { cancelActivity, editActivity } from '../../services/activity-changes.js';
import { excuseNoShowFor } from '../../services/no-shows.js';
import { confirmActivity } from '../../services/confirm.js';
import { csvResponse, toCsv } from '../../services/csv.js';
import { attendanceColumns } from '../../services/exports.js';
import { cancelSelf, listSignups, myStanding, signUpSelf } from '../../services/signups.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, noContent, problemResponses } from '../openapi.js';

const tags = ['Activities, check-in and service hours'];

const router = newRouter();
// `?format=csv` answers before the JSON route, so the typed client's answer type stays the JSON page.
router.use('/activities/:id/attendance', async (c, next) => {
  if (c.req.method !== 'GET' || c.req.query('format') !== 'csv') return next();
  const me = await currentUser(c);
  const id = c.req.param('id');
  const rows = [];
  let cursor: string | undefined;
  do {
    const r = await attendanceOf(me, id, 100, cursor);
    rows.push(...r.items);
    cursor = r.nextCursor ?? undefined;
  } while (cursor);
  return csvResponse(toCsv(attendanceColumns, rows), `attendance-${id}.csv`);
});

export const activityRoutes = router
  .openapi(
    createRoute({
      method: 'post',
      path: '/activities',
      tags,
      summary: 'Publish an activity (organizer of the community or its street, admin, leader of teamId)',
      security: bearerAuth,
      request: jsonBody(ActivityInput),
      responses: { 201: json(Activity, 'Published'), ...problemResponses(400, 401, 403) },
    }),
    async (c) => c.json(toActivity(await createActivity(await currentUser(c), c.req.valid('json'))), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/activities',
      tags,
      summary:
        'Activities in time order (public). With `month` (or `themeId`) that month; with only `communityId` all of ' +
        "the community's; with neither the current month. `upcoming=true` keeps those not ended yet.",
      request: { query: ActivityListQuery },
      responses: { 200: json(page(Activity)), ...problemResponses(400) },
    }),
    async (c) => {
      const r = await listActivities(c.req.valid('query'));
      return c.json({ items: r.items.map(toActivity), nextCursor: r.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/activities/{id}',
      tags,
      summary: 'An activity (public)',
      request: { params: IdParam },
      responses: { 200: json(Activity), ...problemResponses(404) },
    }),
    async (c) => c.json(toActivity(await requireActivity(c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/activities/{id}',
      tags,
      summary: 'Change an activity before it starts (organizer, admin); everyone signed up is told',
      description:
        'The same rules as creation. Lowering `capacity` below the confirmed sign-ups moves the people confirmed ' +
        'last to the head of the waitlist; raising it gives the first waiting people a place. After the start ' +
        '409 `outside-window`; a cancelled activity 409 `conflict`.',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(ActivityPatch) },
      responses: {
        200: json(Activity),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(toActivity(await editActivity(await currentUser(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/activities/{id}/cancel',
      tags,
      summary: 'Cancel an activity before its hours are confirmed (organizer, admin); everyone signed up is told',
      description:
        'Then sign-ups, check-ins and confirm are refused with 409 `conflict`. Once confirmed (or being ' +
        'confirmed) 409 `already-confirmed`; cancelled twice 409 `conflict`.',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(CancelActivityInput) },
      responses: {
        200: json(CancelActivityResult),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(await cancelActivity(await currentUser(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/activities/{id}/signups',
      tags,
      summary: 'Sign up (self): confirmed while places last, else waitlisted',
      security: bearerAuth,
      request: { params: IdParam },
      responses: {
        201: json(SignupResult, 'Signed up'),
        ...problemResponses(401, 404, 409),
      },
    }),
    async (c) => c.json(await signUpSelf(await currentUser(c), c.req.valid('param').id), 201),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/activities/{id}/signups/me',
      tags,
      summary: 'Cancel my sign-up; the first waitlisted person moves up',
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses(401, 404, 409) },
    }),
    async (c) => {
      await cancelSelf(await currentUser(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/activities/{id}/signups/me',
      tags,
      summary: 'My standing: sign-up status, waitlist position, attendance, credited hours',
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(MySignup), ...problemResponses(401, 404) },
    }),
    async (c) => c.json(await myStanding(await currentUser(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/activities/{id}/signups',
      tags,
      summary: 'Who signed up (organizer, admin, leader of its team)',
      security: bearerAuth,
      request: { params: IdParam, query: ListQuery },
      responses: { 200: json(page(SignupEntry)), ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      const a = await requireActivity(c.req.valid('param').id);
      assertRuns(await currentUser(c), a);
      const q = c.req.valid('query');
      const r = await listSignups(a.id, q.limit, q.cursor);
      return c.json(
        {
          items: r.items.map((s) => ({ userId: s.userId, name: s.name, status: s.status, at: s.at })),
          nextCursor: r.nextCursor,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/activities/{id}/checkin-code',
      tags,
      summary: 'The rotating check-in code (organizer, admin, leader of its team); changes every 30 s',
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(CheckinCode), ...problemResponses(401, 403, 404) },
    }),
    async (c) => c.json(await checkinCodeFor(await currentUser(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/activities/{id}/checkins',
      tags,
      summary: 'Check in with the code (self, confirmed sign-up): from 30 min before the start to the end',
      description:
        'Offline: a phone that scanned without signal sends `scannedAt` up to 24 h later; the code is checked against ' +
        'the 30-s step of `scannedAt` (in the check-in window, not in the future) and the record is marked `offline`.',
      security: bearerAuth,
      request: { params: IdParam, headers: DeviceHeader, ...jsonBody(CheckinInput) },
      responses: {
        201: json(CheckinResult, 'Checked in'),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await checkInSelf(await currentUser(c), c.req.valid('param').id, {
          ...c.req.valid('json'),
          deviceId: c.req.valid('header')['x-device-id'],
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/activities/{id}/checkouts',
      tags,
      summary: 'Check out with the code (self), until 2 h after the end',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(CheckoutInput) },
      responses: {
        200: json(CheckoutResult),
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) =>
      c.json(await checkOutSelf(await currentUser(c), c.req.valid('param').id, c.req.valid('json').code), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/activities/{id}/checkouts/me',
      tags,
      summary: 'Take back my mistaken check-out (self), while the activity runs and within 10 minutes of it',
      description:
        'The check-in stands again; minutes are counted at the next check-out. Later, or after the end, ' +
        '409 `outside-window` (the organiser corrects the record instead).',
      security: bearerAuth,
      request: { params: IdParam },
      responses: {
        200: json(z.object({ checkedInAt: z.string(), checkedOutAt: z.null() })),
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) => c.json(await undoCheckOutSelf(await currentUser(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/activities/{id}/attendance/{userId}',
      tags,
      summary: 'Record attendance by hand (organizer, admin), marked manual',
      security: bearerAuth,
      request: { params: ActivityUserParams, ...jsonBody(AttendanceInput) },
      responses: {
        200: json(AttendanceRecord),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      return c.json(await putAttendanceFor(await currentUser(c), id, userId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/activities/{id}/attendance',
      tags,
      summary: 'Attendance (organizer, admin, leader of its team); `?format=csv` gives all of it as text/csv',
      security: bearerAuth,
      request: { params: IdParam, query: ListQuery.extend({ format: z.enum(['json', 'csv']).default('json') }) },
      responses: {
        200: json(
          z.object({ items: z.array(AttendanceRecord), nextCursor: z.string().nullable() }),
          'The page (JSON), or with `?format=csv` all of it as text/csv',
        ),
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await attendanceOf(await currentUser(c), c.req.valid('param').id, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/activities/{id}/confirm',
      tags,
      summary:
        'Confirm the hours once, after the end (organizer, admin): credits minutes, points and a ledger entry per volunteer',
      security: bearerAuth,
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: ConfirmInput } }, required: false },
      },
      responses: {
        200: json(ConfirmResult),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const body = (c.req.valid('json') as z.infer<typeof ConfirmInput> | undefined) ?? {};
      return c.json(await confirmActivity(await currentUser(c), c.req.valid('param').id, body), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/activities/{id}/no-shows/{userId}',
      tags,
      summary: 'Excuse a no-show (organizer, admin): it no longer counts against the person',
      security: bearerAuth,
      request: { params: ActivityUserParams },
      responses: { 204: noContent, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await excuseNoShowFor(await currentUser(c), id, userId);
      return c.body(null, 204);
    },
  );
