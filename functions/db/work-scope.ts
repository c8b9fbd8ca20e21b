import { AsyncLocalStorage } from 'node:async_hooks';

/** Who a DynamoDB call is made for: a request, or the projector (the cost meter bills them apart). */
export type WorkScope = 'request' | 'projector';

const scope = new AsyncLocalStorage<WorkScope>();

/** Runs `fn` with its DynamoDB calls attributed to `s`. */
export const inScope = <T>(s: WorkScope, fn: () => Promise<T>): Promise<T> => scope.run(s, fn);
/** The scope of the current call chain ('request' unless inside inScope). */
export const currentScope = (): WorkScope => scope.getStore() ?? 'request';
