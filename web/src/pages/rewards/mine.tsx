import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import type { ApiError } from '../../api-error.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import type { PageProps } from '../../routes.js';
import { navigate } from '../../router.js';
import { loadMe } from '../../session.js';
import { Button, Dialog, Empty, ErrorNotice, Loading, Notice, Page, Tabs, toast } from '../../ui/index.js';
import { usePaged } from './paged.js';
import { GiftImage, PickupPanel, rw } from './parts.js';
import { dateTime } from '../../time.js';
import type { Redemption } from './types.js';

const m = messages({
  zh: {
    title: '我的兑换',
    tabOpen: '待领取',
    tabAll: '全部记录',
    emptyOpen: '没有待领取的礼品',
    emptyAll: '还没有兑换记录',
    emptyHint: '在「积分兑换」里用积分换礼品。',
    goRewards: '去兑换礼品',
    spent: '{n} 积分',
    redeemedAt: '兑换于 {when}',
    cancel: '取消兑换',
    cancelTitle: '取消这次兑换？',
    cancelBody: '取消后，{n} 积分会退回您的账户。',
    cancelYes: '确定取消',
    cancelNo: '不取消',
    cancelled: '已取消，{n} 积分已退回',
    cancelConflict: '这份兑换已经领取或已取消，不能再取消了。',
    lineReserved: '请凭取货码领取 · 到期 {when}',
    lineFulfilled: '已于 {when} 在服务站领取',
    lineOwner: '您在 {when} 取消了，{n} 积分已退回',
    lineStaff: '工作人员在 {when} 取消了，{n} 积分已退回',
    lineExpired: '到期没有领取，{n} 积分已在 {when} 退回',
  },
  en: {
    title: 'My redemptions',
    tabOpen: 'To collect',
    tabAll: 'All',
    emptyOpen: 'Nothing waiting to be collected',
    emptyAll: 'No redemptions yet',
    emptyHint: 'Exchange your points for gifts in “Points exchange”.',
    goRewards: 'See the gifts',
    spent: '{n} points',
    redeemedAt: 'Exchanged {when}',
    cancel: 'Cancel this exchange',
    cancelTitle: 'Cancel this exchange?',
    cancelBody: 'The {n} points will come back to your account.',
    cancelYes: 'Yes, cancel it',
    cancelNo: 'Keep it',
    cancelled: 'Cancelled; {n} points returned',
    cancelConflict: 'This was already collected or cancelled.',
    lineReserved: 'Collect with the pickup code by {when}',
    lineFulfilled: 'Collected at the service station on {when}',
    lineOwner: 'You cancelled it on {when}; {n} points returned',
    lineStaff: 'Staff cancelled it on {when}; {n} points returned',
    lineExpired: 'Not collected in time; {n} points returned on {when}',
  },
});

type Tab = 'open' | 'all';

/** The badge word of a redemption: 待领取 / 已领取 / 已取消 / 已过期. */
function Badge({ r }: { r: Redemption }) {
  const kind = r.status === 'cancelled' && r.cancelReason === 'expired' ? 'expired' : r.status;
  const word = kind === 'expired' ? rw.t('expiredStatus') : rw.t(kind);
  return (
    <span class={`badge badge-${kind}`} data-testid="status">
      {word}
    </span>
  );
}

/** What happened, in plain words. */
function historyLine(r: Redemption): string {
  const n = r.cost.toLocaleString();
  if (r.status === 'reserved') return m.t('lineReserved', { when: dateTime(r.expiresAt) });
  if (r.status === 'fulfilled') return m.t('lineFulfilled', { when: dateTime(r.fulfilledAt ?? r.createdAt) });
  const at = dateTime(r.cancelledAt ?? r.createdAt);
  if (r.cancelReason === 'expired') return m.t('lineExpired', { n, when: at });
  if (r.cancelReason === 'staff') return m.t('lineStaff', { n, when: at });
  return m.t('lineOwner', { n, when: at });
}

function Head({ r }: { r: Redemption }) {
  return (
    <div class="redemption-head">
      <GiftImage url={r.imageUrl} size={64} />
      <div class="gift-body">
        <div class="gift-name">
          {r.rewardName} {rw.t('quantity', { n: r.quantity })}
        </div>
        <div class="muted">{m.t('spent', { n: r.cost.toLocaleString() })}</div>
        <div class="muted">{m.t('redeemedAt', { when: dateTime(r.createdAt) })}</div>
      </div>
      <Badge r={r} />
    </div>
  );
}

function CancelDialog({ r, onDone, onClose }: { r: Redemption; onDone: () => void; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call(api.redemptions[':id'].cancel.$post({ param: { id: r.id } }));
      toast(m.t('cancelled', { n: r.cost.toLocaleString() }));
      void loadMe();
      onDone();
    } catch (e) {
      setError(e as ApiError);
      setBusy(false);
    }
  };
  return (
    <Dialog title={m.t('cancelTitle')} onClose={busy ? undefined : onClose} testId="cancel-dialog">
      <Head r={r} />
      <p class="big-line" style={{ marginTop: '14px' }}>
        {m.t('cancelBody', { n: r.cost.toLocaleString() })}
      </p>
      {error && (
        <Notice kind="error">
          <p>{problemMessage(error, { conflict: m.t('cancelConflict') })}</p>
        </Notice>
      )}
      <div class="row-actions row-actions-fill">
        <Button variant="secondary" onClick={onClose} disabled={busy}>
          {m.t('cancelNo')}
        </Button>
        <Button variant="danger" loading={busy} onClick={() => void cancel()}>
          {m.t('cancelYes')}
        </Button>
      </div>
    </Dialog>
  );
}

function OpenItem({ r, onCancel }: { r: Redemption; onCancel: () => void }) {
  return (
    <div class="card" data-testid="redemption" data-redemption-id={r.id}>
      <Head r={r} />
      {r.pickupCode && <PickupPanel id={r.id} code={r.pickupCode} expiresAt={r.expiresAt} qrSize={200} />}
      <Button variant="danger" block onClick={onCancel}>
        {m.t('cancel')}
      </Button>
    </div>
  );
}

function HistoryItem({ r }: { r: Redemption }) {
  return (
    <div class="card" data-testid="redemption" data-redemption-id={r.id}>
      <Head r={r} />
      <p class="history-line">{historyLine(r)}</p>
    </div>
  );
}

/** 我的兑换: reservations with their pickup QR, code and countdown (cancel refunds); the whole history. */
export default function MyRedemptions({ query }: PageProps) {
  const tab: Tab = query.get('tab') === 'all' ? 'all' : 'open';
  const list = usePaged(
    (cursor) =>
      call(
        api.me.redemptions.$get({
          query: { limit: '20', cursor, status: tab === 'open' ? 'reserved' : undefined },
        }),
      ),
    [tab],
  );
  const [cancelling, setCancelling] = useState<Redemption | undefined>();
  return (
    <Page title={m.t('title')} back="/rewards">
      <Tabs
        label={m.t('title')}
        items={[
          { key: 'open', label: m.t('tabOpen') },
          { key: 'all', label: m.t('tabAll') },
        ]}
        value={tab}
        onChange={(k) => navigate(k === 'all' ? '/rewards/mine?tab=all' : '/rewards/mine', { replace: true })}
      />
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.error && list.loading && list.items.length === 0 ? (
        <Loading />
      ) : (
        !list.error &&
        list.items.length === 0 && (
          <Empty title={tab === 'open' ? m.t('emptyOpen') : m.t('emptyAll')} hint={m.t('emptyHint')} icon="gift">
            <Button href="/rewards">{m.t('goRewards')}</Button>
          </Empty>
        )
      )}
      {list.items.map((r) =>
        tab === 'open' ? (
          <OpenItem key={r.id} r={r} onCancel={() => setCancelling(r)} />
        ) : (
          <HistoryItem key={r.id} r={r} />
        ),
      )}
      {list.hasMore && (
        <Button variant="secondary" block loading={list.loading} onClick={list.more}>
          {common.t('more')}
        </Button>
      )}
      {cancelling && (
        <CancelDialog
          r={cancelling}
          onClose={() => setCancelling(undefined)}
          onDone={() => {
            setCancelling(undefined);
            list.reload();
          }}
        />
      )}
    </Page>
  );
}
