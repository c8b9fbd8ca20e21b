import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { buildPath } from '../../router.js';
import { Button, Empty, ErrorNotice, Loading } from '../../ui/index.js';
import { GiftRow } from './gift-row.js';
import { usePaged } from './paged.js';
import { RestockDialog } from './restock-dialog.js';
import type { ManagedCommunity } from './scopes.js';
import type { Gift } from './types.js';

const m = messages({
  zh: {
    newGift: '新增礼品',
    emptyGifts: '还没有礼品',
    emptyGiftsHint: '点「新增礼品」上架第一件。',
  },
  en: {
    newGift: 'New gift',
    emptyGifts: 'No gifts yet',
    emptyGiftsHint: 'Tap “New gift” to offer the first one.',
  },
});

/** 礼品: every gift of the station, with restock and withdraw; new ones on their own page. */
export function GiftList({ community }: { community: ManagedCommunity }) {
  const list = usePaged(
    (cursor) => call(api.rewards.$get({ query: { communityId: community.id, limit: '50', cursor } })),
    [community.id],
  );
  const [restocking, setRestocking] = useState<Gift | undefined>();
  return (
    <>
      <Button block href={buildPath('/organize/rewards/new', {}, { c: community.id })}>
        {m.t('newGift')}
      </Button>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.error && list.loading && list.items.length === 0 && <Loading />}
      {!list.error && !list.loading && list.items.length === 0 && (
        <Empty title={m.t('emptyGifts')} hint={m.t('emptyGiftsHint')} icon="gift" />
      )}
      {list.items.map((g) => (
        <GiftRow key={g.id} gift={g} onRestock={() => setRestocking(g)} onChanged={list.reload} />
      ))}
      {list.hasMore && (
        <Button variant="secondary" block loading={list.loading} onClick={list.more}>
          {common.t('more')}
        </Button>
      )}
      {restocking && (
        <RestockDialog
          gift={restocking}
          onClose={() => setRestocking(undefined)}
          onDone={() => {
            setRestocking(undefined);
            list.reload();
          }}
        />
      )}
    </>
  );
}
