import type { RoleName } from '../../shared/schemas/auth.js';
import { common } from './i18n/common.js';

const key = { admin: 'roleAdmin', organizer: 'roleOrganizer', staff: 'roleStaff', leader: 'roleLeader' } as const;

/** A role in the words of the notice boards (GLOSSARY.md): organizer → 社区工作者. */
export const roleLabel = (role: RoleName): string => common.t(key[role]);
