import { z } from 'zod';
import { Id, Phone } from './common.js';
import { RoleName, Scope } from './auth.js';

const Name = z.string().trim().min(1).max(60);

export const StreetInput = z.object({ name: Name });
export const Street = z.object({ id: Id, name: z.string() }).meta({ id: 'Street' });
export const CommunityInput = z.object({ streetId: Id, name: Name });
export const Community = z.object({ id: Id, streetId: Id, name: z.string() }).meta({ id: 'Community' });
export const Org = z.object({
  streets: z.array(
    z.object({ id: Id, name: z.string(), communities: z.array(z.object({ id: Id, name: z.string() })) }),
  ),
});
export type Org = z.infer<typeof Org>;

export const RoleGrantInput = z.object({ userId: Id, role: RoleName, scope: Scope });
export const UserLookupQuery = z.object({ phone: Phone });
export const UserSummary = z.object({ id: Id, name: z.string(), phone: Phone, communityId: Id.nullable() });
