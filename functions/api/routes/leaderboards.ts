import { createRoute } from '@hono/zod-openapi';
import {
  CommunityBoard,
  CommunityBoardQuery,
  CurrentPeriods,
  PeopleBoard,
  PeopleBoardQuery,
  TeamBoard,
  TeamBoardQuery,
} from '../../../shared/schemas/leaderboards.js';
import { currentPeriods, readCommunityBoard, readPeopleBoard, readTeamBoard } from '../../services/leaderboards.js';
import { json, newRouter, problemResponses } from '../openapi.js';

const optionalBearer: Record<string, string[]>[] = [{}, { bearerAuth: [] }];

export const leaderboardRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/leaderboards',
      tags: ['Leaderboards'],
      summary: 'People ranked on a board (public; with a token, `me` is the caller’s rank and value)',
      security: optionalBearer,
      request: { query: PeopleBoardQuery },
      responses: { 200: json(PeopleBoard), ...problemResponses(400, 401) },
    }),
    // The token's subject is enough for `me`: no profile read on the most-read page.
    async (c) => c.json(await readPeopleBoard(c.req.valid('query'), c.get('userId')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/leaderboards/teams',
      tags: ['Leaderboards'],
      summary: 'Volunteer teams ranked by their members’ service minutes (public)',
      request: { query: TeamBoardQuery },
      responses: { 200: json(TeamBoard), ...problemResponses(400) },
    }),
    async (c) => c.json(await readTeamBoard(c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/leaderboards/communities',
      tags: ['Leaderboards'],
      summary: 'Communities ranked by what their residents earned there (public)',
      request: { query: CommunityBoardQuery },
      responses: { 200: json(CommunityBoard), ...problemResponses(400) },
    }),
    async (c) => c.json(await readCommunityBoard(c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/leaderboards/periods',
      tags: ['Leaderboards'],
      summary: 'This month and year in the deployment’s time zone (public)',
      responses: { 200: json(CurrentPeriods) },
    }),
    (c) => c.json(currentPeriods(), 200),
  );
