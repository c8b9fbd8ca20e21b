import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { Button, toast } from '../../ui/index.js';
import { GiftImage, rw } from './parts.js';
import type { Gift } from './types.js';

const m = messages({
  zh: {
    redeemed: '已兑 {n} 件',
    active: '兑换中',
    inactive: '已下架',
    limit: '每人限兑 {n} 件',
    restock: '补货',
    deactivate: '下架',
    activate: '重新上架',
    deactivated: '已下架：居民暂时不能兑换',
    activated: '已重新上架',
  },
  en: {
    redeemed: '{n} exchanged',
    active: 'On offer',
    inactive: 'Withdrawn',
    limit: 'Up to {n} per person',
    restock: 'Restock',
    deactivate: 'Withdraw',
    activate: 'Offer again',
    deactivated: 'Withdrawn: residents cannot exchange it for now',
    activated: 'On offer again',
  },
});

export function GiftRow(props: { gift: Gift; onRestock: () => void; onChanged: () => void }) {
  const { gift } = props;
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await call(api.rewards[':id'].$patch({ param: { id: gift.id }, json: { active: !gift.active } }));
      toast(gift.active ? m.t('deactivated') : m.t('activated'));
      props.onChanged();
    } catch (e) {
      toast(problemMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class={`card${gift.active ? '' : ' gift-inactive'}`} data-testid="staff-gift" data-gift-id={gift.id}>
      <div class="gift-main">
        <GiftImage url={gift.imageUrl} size={72} />
        <div class="gift-body">
          <div class="staff-row">
            <h2 class="gift-name">{gift.name}</h2>
            <span class={`badge ${gift.active ? 'badge-fulfilled' : 'badge-cancelled'}`}>
              {gift.active ? m.t('active') : m.t('inactive')}
            </span>
          </div>
          <div class="gift-cost">{rw.t('points', { n: gift.cost.toLocaleString() })}</div>
          <div>
            <strong data-testid="staff-stock">{rw.t('stock', { n: gift.stock })}</strong>
            <span class="muted"> · {m.t('redeemed', { n: gift.redeemed })}</span>
          </div>
          {gift.limitPerUser !== null && <div class="muted">{m.t('limit', { n: gift.limitPerUser })}</div>}
        </div>
      </div>
      <div class="row-actions row-actions-fill">
        <Button variant="secondary" onClick={props.onRestock}>
          {m.t('restock')}
        </Button>
        <Button variant={gift.active ? 'danger' : 'secondary'} loading={busy} onClick={() => void toggle()}>
          {gift.active ? m.t('deactivate') : m.t('activate')}
        </Button>
      </div>
    </div>
  );
}
