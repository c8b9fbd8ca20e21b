import { monotonicFactory } from 'ulid';

/** ULIDs sort by creation time, so "newest first" is a reverse key order. */
const next = monotonicFactory();
export const newId = (): string => next();
