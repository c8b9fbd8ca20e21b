import { api, call } from '../../api.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { dateTime } from '../../time.js';
import { Button, Empty, ErrorNotice, Loading } from '../../ui/index.js';
import { usePaged } from './paged.js';
import { rw } from './parts.js';
import type { ManagedCommunity } from './scopes.js';

const m = messages({
  zh: {
    emptyOpen: '现在没有待领取的礼品',
    byName: '{name} · 兑换于 {when}',
    due: '到期 {when}',
  },
  en: {
    emptyOpen: 'No gifts waiting to be collected',
    byName: '{name} · exchanged {when}',
    due: 'Collect by {when}',
  },
});

/** 待领取: what is waiting at this station. */
export function OpenList({ community }: { community: ManagedCommunity }) {
  const list = usePaged(
    (cursor) =>
      call(api.communities[':id'].reservations.$get({ param: { id: community.id }, query: { limit: '50', cursor } })),
    [community.id],
  );
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (list.loading && list.items.length === 0) return <Loading />;
  if (list.items.length === 0) return <Empty title={m.t('emptyOpen')} icon="gift" />;
  return (
    <>
      <ul class="plain-list card open-list" data-testid="open-list">
        {list.items.map((o) => (
          <li key={o.redemptionId}>
            <div class="gift-name">
              {o.rewardName} {rw.t('quantity', { n: o.quantity })}
            </div>
            <div>{m.t('byName', { name: o.userName, when: dateTime(o.createdAt) })}</div>
            <div class="muted">{m.t('due', { when: dateTime(o.expiresAt) })}</div>
          </li>
        ))}
      </ul>
      {list.hasMore && (
        <Button variant="secondary" block loading={list.loading} onClick={list.more}>
          {common.t('more')}
        </Button>
      )}
    </>
  );
}
