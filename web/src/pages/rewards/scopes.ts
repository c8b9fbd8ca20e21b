/** Where an organiser or staff member may act, from their role grants and the streets and communities. */

export interface OrgTree {
  streets: readonly { id: string; name: string; communities: readonly { id: string; name: string }[] }[];
}
export interface Grant {
  role: string;
  scope: string;
}

/** A community whose service station I run: its gifts, pickups and reservations. */
export interface ManagedCommunity {
  id: string;
  name: string;
  streetName: string;
}

/**
 * The communities I hand out gifts in, in the order of the org tree: staff or organiser of the community,
 * organiser of its street, or the admin (all of them). The API checks every call again.
 */
export function managedCommunities(roles: readonly Grant[], org: OrgTree): ManagedCommunity[] {
  const admin = roles.some((g) => g.role === 'admin');
  const has = (scope: string, kinds: readonly string[]) =>
    roles.some((g) => g.scope === scope && kinds.includes(g.role));
  const out: ManagedCommunity[] = [];
  for (const s of org.streets) {
    const street = admin || has(`street:${s.id}`, ['organizer']);
    for (const c of s.communities) {
      if (street || has(`community:${c.id}`, ['organizer', 'staff'])) out.push({ ...c, streetName: s.name });
    }
  }
  return out;
}

/** A scope of the points liability I may read, with its name. */
export interface LiabilityChoice {
  scope: string;
  label: string;
}

/** The admin reads the city; an organiser reads their street or community (`labelCity` names the city). */
export function liabilityScopes(roles: readonly Grant[], org: OrgTree, labelCity: string): LiabilityChoice[] {
  const out: LiabilityChoice[] = [];
  if (roles.some((g) => g.role === 'admin')) out.push({ scope: 'city', label: labelCity });
  const organizer = new Set(roles.filter((g) => g.role === 'organizer').map((g) => g.scope));
  for (const s of org.streets) {
    if (organizer.has(`street:${s.id}`)) out.push({ scope: `street:${s.id}`, label: s.name });
    for (const c of s.communities) {
      if (organizer.has(`community:${c.id}`)) out.push({ scope: `community:${c.id}`, label: c.name });
    }
  }
  return out;
}
