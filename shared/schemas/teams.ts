import { z } from 'zod';
import { Id } from './common.js';

export const TeamInput = z.object({
  name: z.string().trim().min(1).max(60),
  communityId: Id,
  leaderId: Id.optional(),
  description: z.string().trim().max(1000).optional(),
});
export type TeamInput = z.infer<typeof TeamInput>;

export const MemberStatus = z.enum(['pending', 'active']);
export type MemberStatus = z.infer<typeof MemberStatus>;

/** A team as listed; `serviceMinutes` are the confirmed minutes of the team's activities. */
export const TeamSummary = z
  .object({
    id: Id,
    name: z.string(),
    communityId: Id,
    memberCount: z.number().int(),
    serviceMinutes: z.number().int(),
  })
  .meta({ id: 'TeamSummary' });
export type TeamSummary = z.infer<typeof TeamSummary>;

export const TeamMember = z.object({ userId: Id, name: z.string(), status: MemberStatus }).meta({ id: 'TeamMember' });
export type TeamMember = z.infer<typeof TeamMember>;

/** One team; `members` only for its leader, organisers of its community or street, and the admin. */
export const Team = TeamSummary.extend({
  leaderId: Id.nullable(),
  description: z.string().nullable(),
  members: z.array(TeamMember).optional(),
}).meta({ id: 'Team' });
export type Team = z.infer<typeof Team>;

export const TeamCreated = z
  .object({ id: Id, name: z.string(), communityId: Id, leaderId: Id.nullable() })
  .meta({ id: 'TeamCreated' });

export const TeamListQuery = z.object({
  communityId: Id,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

/** One of my memberships (`GET /api/me/teams`). */
export const MyTeam = z.object({ teamId: Id, name: z.string(), communityId: Id, status: MemberStatus });
export const TeamMemberParams = z.object({ id: Id, userId: Id });
