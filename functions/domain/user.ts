import type { RoleGrant } from '../../shared/schemas/auth.js';

/** The profile item: identity, roles and the counters the ledger moves. */
export interface User {
  id: string;
  /** '' for a managed resident (代管居民) until staff give them one. */
  phone: string;
  name: string;
  /** Registered by staff without a phone; the community keeps the account and they use their card. */
  managed?: boolean;
  communityId: string | null;
  /** Role grants encoded `role|scope`. */
  roles: RoleGrant[];
  balance: number;
  serviceMinutes: number;
  /** Optimistic-concurrency version, bumped by every balance move. */
  ver: number;
  createdAt: string;
  /** The privacy notice version consented to (recorded at sign-in); null before. */
  consentVersion: string | null;
  /** Set when the account was closed (`DELETE /api/me`): the profile stays for the ledger, anonymised. */
  closedAt: string | null;
}
