import { userKey } from '../../shared/db/keys.js';
import { batchGet } from './batch-get.js';

/** Name and community of many people: BatchGetItem, 100 keys per call. */
export async function getUserSummaries(
  ids: string[],
): Promise<Map<string, { id: string; name: string; communityId: string | null }>> {
  const out = new Map<string, { id: string; name: string; communityId: string | null }>();
  const found = await batchGet(ids.map(userKey), { consistent: false, attributes: ['id', 'name', 'communityId'] });
  for (const it of found.values()) {
    out.set(it.id as string, {
      id: it.id as string,
      name: (it.name as string) ?? '',
      communityId: (it.communityId as string | undefined) ?? null,
    });
  }
  return out;
}
