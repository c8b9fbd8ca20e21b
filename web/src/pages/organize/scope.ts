import { api, call, type Me, type Org } from '../../api.js';

export interface Scope {
  /** Communities I may publish activities in, with their street. */
  communities: { id: string; name: string; streetId: string; streetName: string }[];
  /** Streets I organise (special themes); all for the admin. */
  streets: { id: string; name: string }[];
  /** Teams I lead: `team:<id>` grants, with the team's community. */
  teams: { id: string; name: string; communityId: string }[];
  admin: boolean;
}

const isAdmin = (me: Me) => me.roles.some((g) => g.role === 'admin');

/** The streets a person oversees (audit trail, review flags, street themes): every street for the admin. */
export function overseenStreets(me: Me | undefined, org: Org | undefined): Org['streets'] {
  if (!me || !org) return [];
  const mine = new Set(
    me.roles.filter((g) => g.role === 'organizer' && g.scope.startsWith('street:')).map((g) => g.scope.slice(7)),
  );
  return org.streets.filter((s) => isAdmin(me) || mine.has(s.id));
}

/** What the signed-in person runs, from their role grants and the organisation. */
export async function loadScope(me: Me, org: Org): Promise<Scope> {
  const admin = isAdmin(me);
  const all = org.streets.flatMap((s) =>
    s.communities.map((c) => ({ id: c.id, name: c.name, streetId: s.id, streetName: s.name })),
  );
  const grants = (role: string, kind: string) =>
    me.roles.filter((g) => g.role === role && g.scope.startsWith(`${kind}:`)).map((g) => g.scope.split(':')[1]!);
  const streetIds = new Set(grants('organizer', 'street'));
  const communityIds = new Set(grants('organizer', 'community'));
  const teams = await Promise.all(
    grants('leader', 'team').map(async (id) => {
      const t = await call(api.teams[':id'].$get({ param: { id } }));
      return { id, name: t.name, communityId: t.communityId };
    }),
  );
  const communities = admin ? all : all.filter((c) => streetIds.has(c.streetId) || communityIds.has(c.id));
  const streets = overseenStreets(me, org).map((s) => ({ id: s.id, name: s.name }));
  return { communities, streets, teams, admin };
}
