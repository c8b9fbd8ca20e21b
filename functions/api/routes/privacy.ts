import { createRoute } from '@hono/zod-openapi';
import { AccountClosed, PersonalDataExport, PrivacyNotice } from '../../../shared/schemas/privacy.js';
import { closeMyAccount, exportMyData } from '../../services/account.js';
import { privacyNotice } from '../../services/privacy-notice.js';
import { langOf } from '../lang.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, newRouter, problemResponses } from '../openapi.js';

/** Personal information protection (个人信息保护): the notice, one's data, closing one's account. */
export const privacyRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/privacy',
      tags: ['Privacy'],
      summary: 'The privacy notice in the caller’s language (public)',
      description:
        'zh-CN by default, English with `Accept-Language: en`. Signing in the first time consents to `version`.',
      responses: { 200: json(PrivacyNotice) },
    }),
    (c) => c.json(privacyNotice(langOf(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/export',
      tags: ['Privacy'],
      summary: 'Everything kept about me, as JSON',
      security: bearerAuth,
      responses: { 200: json(PersonalDataExport), ...problemResponses(401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      c.header('Content-Disposition', `attachment; filename="my-data-${me.id}.json"`);
      return c.json(await exportMyData(me), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/me',
      tags: ['Privacy'],
      summary: 'Close my account',
      description:
        'Name and phone are erased wherever shown (`已注销`), cards unbound, open reservations cancelled and refunded; ' +
        'the ledger and every total stay consistent. Signing in again with the phone starts a new, empty account.',
      security: bearerAuth,
      responses: { 202: json(AccountClosed, 'Closed'), ...problemResponses(401) },
    }),
    async (c) => c.json(await closeMyAccount(await currentUser(c)), 202),
  );
