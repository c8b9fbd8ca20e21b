import { useEffect, useState } from 'preact/hooks';
import { api, call, type Me } from '../../api.js';
import type { ApiError } from '../../api-error.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { loadMe, useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, Card, Dialog, Empty, ErrorNotice, Loading, Notice, Page, Stat } from '../../ui/index.js';
import { giftState, maxQuantity, newIdempotencyKey, unitsByGift, type GiftState } from './logic.js';
import { GiftImage, PickupPanel, rw } from './parts.js';
import { dateTime } from '../../time.js';
import type { Gift, RedeemResult } from './types.js';

const m = messages({
  zh: {
    title: '积分兑换',
    balance: '我的积分',
    mine: '我的兑换',
    mineOpen: '我的兑换（{n} 件待领取）',
    noCommunity: '请先选择您居住的社区',
    noCommunityHint: '礼品由社区服务站发放，选好社区后才能看到本社区的礼品。',
    chooseCommunity: '去选择社区',
    empty: '本社区还没有可兑换的礼品',
    emptyHint: '礼品上架后会显示在这里。',
    limit: '每人限兑 {n} 件',
    window: '兑换时间：{from} 至 {until}',
    from: '{when} 起',
    until: '截至 {when}',
    redeem: '兑换',
    'state-out-of-stock': '已兑完',
    'state-limit-reached': '已达兑换上限',
    'state-not-yet': '还没到兑换时间',
    'state-ended': '兑换已结束',
    'state-inactive': '暂停兑换',
    'state-insufficient': '积分不足',
    short: '还差 {n} 积分',
    confirmTitle: '确认兑换',
    unitCost: '每件 {n} 积分',
    quantityLabel: '兑换数量',
    less: '减少一件',
    more: '增加一件',
    total: '共需',
    after: '兑换后剩余 {n} 积分',
    pickupNote: '兑换后请到社区服务站领取；过期没领，积分会自动退回。',
    confirm: '确认兑换',
    retryHint: '请再点一次「确认兑换」：不会重复扣积分。',
    doneTitle: '兑换成功',
    done: '已兑换 {name} × {q}，扣除 {cost} 积分，剩余 {left} 积分。',
    viewMine: '查看我的兑换',
    finish: '完成',
    errInsufficient: '积分不足，兑换不了这件礼品。参加志愿服务、垃圾分类可以攒积分。',
    errOutOfStock: '这件礼品已兑完，库存不够了。',
    errLimit: '您已达到这件礼品的兑换上限。',
    errWindow: '现在不在这件礼品的兑换时间内。',
    errForbidden: '只有本社区的居民可以兑换这件礼品。',
    errConflict: '这次兑换和之前的请求冲突，请关闭后重新兑换。',
  },
  en: {
    title: 'Points exchange',
    balance: 'My points',
    mine: 'My redemptions',
    mineOpen: 'My redemptions ({n} to collect)',
    noCommunity: 'Please choose the community you live in first',
    noCommunityHint: 'Gifts are handed out by your community service station; choose your community to see them.',
    chooseCommunity: 'Choose my community',
    empty: 'No gifts to exchange in your community yet',
    emptyHint: 'Gifts will appear here when they are offered.',
    limit: 'Up to {n} per person',
    window: 'Open {from} to {until}',
    from: 'Open from {when}',
    until: 'Open until {when}',
    redeem: 'Exchange',
    'state-out-of-stock': 'Out of stock',
    'state-limit-reached': 'Limit reached',
    'state-not-yet': 'Not open yet',
    'state-ended': 'Closed',
    'state-inactive': 'Paused',
    'state-insufficient': 'Not enough points',
    short: '{n} more points needed',
    confirmTitle: 'Confirm the exchange',
    unitCost: '{n} points each',
    quantityLabel: 'Quantity',
    less: 'One fewer',
    more: 'One more',
    total: 'Total',
    after: '{n} points left afterwards',
    pickupNote: 'Collect it at the community service station; if not collected in time, the points come back.',
    confirm: 'Confirm',
    retryHint: 'Please tap “Confirm” again: you will not be charged twice.',
    doneTitle: 'Done',
    done: 'You exchanged {name} × {q} for {cost} points; {left} points left.',
    viewMine: 'My redemptions',
    finish: 'Close',
    errInsufficient: 'Not enough points for this gift. Volunteering and sorting waste earn points.',
    errOutOfStock: 'This gift is out of stock.',
    errLimit: 'You have reached the limit for this gift.',
    errWindow: 'This gift cannot be exchanged right now.',
    errForbidden: 'Only residents of this community can exchange this gift.',
    errConflict: 'This clashes with an earlier request. Please close and try again.',
  },
});

type StateKey = `state-${Exclude<GiftState, 'ok'>}`;

/** Where and when the gift can be had: 每人限兑 2 件 · 兑换时间 …. */
function GiftTerms({ gift }: { gift: Gift }) {
  const parts: string[] = [];
  if (gift.limitPerUser !== null) parts.push(m.t('limit', { n: gift.limitPerUser }));
  if (gift.availableFrom && gift.availableUntil)
    parts.push(m.t('window', { from: dateTime(gift.availableFrom), until: dateTime(gift.availableUntil) }));
  else if (gift.availableFrom) parts.push(m.t('from', { when: dateTime(gift.availableFrom) }));
  else if (gift.availableUntil) parts.push(m.t('until', { when: dateTime(gift.availableUntil) }));
  return parts.length ? <p class="gift-terms">{parts.join(' · ')}</p> : null;
}

function GiftCard(props: { gift: Gift; balance: number; mine: number; onRedeem: () => void }) {
  const { gift } = props;
  const state = giftState(gift, props.balance, props.mine, Date.now());
  return (
    <div class="card gift" data-testid="gift" data-gift-id={gift.id}>
      <div class="gift-main">
        <GiftImage url={gift.imageUrl} />
        <div class="gift-body">
          <h2 class="gift-name">{gift.name}</h2>
          {gift.description && <p class="gift-desc">{gift.description}</p>}
          <div class="gift-cost">{rw.t('points', { n: gift.cost.toLocaleString() })}</div>
          <div class={`gift-stock${gift.stock <= 0 ? ' gift-stock-out' : ''}`} data-testid="gift-stock">
            {gift.stock > 0 ? rw.t('stock', { n: gift.stock }) : m.t('state-out-of-stock')}
          </div>
        </div>
      </div>
      <GiftTerms gift={gift} />
      {state === 'ok' ? (
        <Button block onClick={props.onRedeem}>
          {m.t('redeem')}
        </Button>
      ) : (
        <div class="gift-blocked" data-testid="gift-blocked">
          <strong>{m.t(`state-${state}` as StateKey)}</strong>
          {state === 'insufficient' && <span> · {m.t('short', { n: gift.cost - props.balance })}</span>}
        </div>
      )}
    </div>
  );
}

/**
 * The confirm step and its result. One Idempotency-Key per dialog: a double tap, or a retry after the
 * network dropped, sends the same key, so the API charges once. After an uncertain failure (no answer,
 * or 5xx) the quantity is locked: the retry must be the same request.
 */
function RedeemDialog(props: { gift: Gift; me: Me; mine: number; onChanged: () => void; onClose: () => void }) {
  const { gift, me } = props;
  const [key] = useState(newIdempotencyKey);
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [uncertain, setUncertain] = useState(false);
  const [result, setResult] = useState<RedeemResult | undefined>();
  const max = maxQuantity(gift, me.balance, props.mine);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await call(
        api.rewards[':id'].redemptions.$post({
          param: { id: gift.id },
          header: { 'idempotency-key': key },
          json: { quantity },
        }),
      );
      setResult(r);
      void loadMe();
      props.onChanged();
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      if (err.status === 0 || err.status >= 500) setUncertain(true);
      else props.onChanged(); // stock, limit or balance moved under us: show the cards as they are now
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Dialog title={m.t('doneTitle')} onClose={props.onClose} testId="redeem-result">
        <Notice kind="success">
          <p>
            {m.t('done', {
              name: result.rewardName,
              q: result.quantity,
              cost: result.cost.toLocaleString(),
              left: result.balanceAfter.toLocaleString(),
            })}
          </p>
        </Notice>
        <PickupPanel id={result.id} code={result.pickupCode} expiresAt={result.expiresAt} />
        <div class="row-actions row-actions-fill">
          <Button variant="secondary" href="/rewards/mine">
            {m.t('viewMine')}
          </Button>
          <Button onClick={props.onClose}>{m.t('finish')}</Button>
        </div>
      </Dialog>
    );
  }

  const total = gift.cost * quantity;
  return (
    <Dialog title={m.t('confirmTitle')} onClose={busy ? undefined : props.onClose} testId="redeem-confirm">
      <div class="gift-main">
        <GiftImage url={gift.imageUrl} size={72} />
        <div class="gift-body">
          <div class="gift-name">{gift.name}</div>
          <div class="muted">{m.t('unitCost', { n: gift.cost.toLocaleString() })}</div>
        </div>
      </div>
      {max > 1 && (
        <div class="stepper" role="group" aria-label={m.t('quantityLabel')}>
          <span class="stepper-label">{m.t('quantityLabel')}</span>
          <button
            type="button"
            class="stepper-btn"
            aria-label={m.t('less')}
            disabled={quantity <= 1 || uncertain || busy}
            onClick={() => setQuantity(quantity - 1)}
          >
            −
          </button>
          <output class="stepper-value" data-testid="quantity" aria-live="polite">
            {quantity}
          </output>
          <button
            type="button"
            class="stepper-btn"
            aria-label={m.t('more')}
            disabled={quantity >= max || uncertain || busy}
            onClick={() => setQuantity(quantity + 1)}
          >
            +
          </button>
        </div>
      )}
      <div class="redeem-total">
        <span>{m.t('total')}</span>
        <strong data-testid="redeem-total">{rw.t('points', { n: total.toLocaleString() })}</strong>
      </div>
      <p class="muted">{m.t('after', { n: Math.max(0, me.balance - total).toLocaleString() })}</p>
      <p class="small muted">{m.t('pickupNote')}</p>
      {error && (
        <Notice kind="error" testId="redeem-error">
          <p>
            {problemMessage(error, {
              'insufficient-points': m.t('errInsufficient'),
              'out-of-stock': m.t('errOutOfStock'),
              'limit-reached': m.t('errLimit'),
              'outside-window': m.t('errWindow'),
              forbidden: m.t('errForbidden'),
              conflict: m.t('errConflict'),
            })}
          </p>
          {uncertain && <p>{m.t('retryHint')}</p>}
        </Notice>
      )}
      <div class="row-actions row-actions-fill">
        <Button variant="secondary" onClick={props.onClose} disabled={busy}>
          {common.t('cancel')}
        </Button>
        <Button loading={busy} onClick={() => void submit()}>
          {m.t('confirm')}
        </Button>
      </div>
    </Dialog>
  );
}

/** My balance, and the way to my redemptions (with how many wait to be collected). */
function BalanceCard({ me, waiting }: { me: Me; waiting: number }) {
  return (
    <Card class="balance-card">
      <Stat label={m.t('balance')} value={me.balance.toLocaleString()} testId="rewards-balance" />
      <Button variant="secondary" block href="/rewards/mine">
        {waiting > 0 ? m.t('mineOpen', { n: waiting }) : m.t('mine')}
      </Button>
    </Card>
  );
}

function Catalog({ me }: { me: Me & { communityId: string } }) {
  const gifts = useApi(
    () => call(api.rewards.$get({ query: { communityId: me.communityId, limit: '100' } })),
    [me.communityId],
  );
  // My redemptions count against each gift's per-person limit, and tell how many wait for pickup.
  const mine = useApi(() => call(api.me.redemptions.$get({ query: { limit: '100' } })), []);
  const [open, setOpen] = useState<Gift | undefined>();
  const units = unitsByGift(mine.data?.items ?? []);
  const waiting = (mine.data?.items ?? []).filter((r) => r.status === 'reserved').length;
  const reload = () => {
    gifts.reload();
    mine.reload();
  };
  const list = (gifts.data?.items ?? []).filter((g) => g.active);
  return (
    <>
      <BalanceCard me={me} waiting={waiting} />
      {gifts.error ? (
        <ErrorNotice error={gifts.error} onRetry={gifts.reload} />
      ) : !gifts.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty title={m.t('empty')} hint={m.t('emptyHint')} icon="gift" />
      ) : (
        list.map((g) => (
          <GiftCard key={g.id} gift={g} balance={me.balance} mine={units.get(g.id) ?? 0} onRedeem={() => setOpen(g)} />
        ))
      )}
      {open && (
        <RedeemDialog
          key={open.id}
          gift={open}
          me={me}
          mine={units.get(open.id) ?? 0}
          onChanged={reload}
          onClose={() => setOpen(undefined)}
        />
      )}
    </>
  );
}

/** 积分兑换: my balance, my community's gifts with picture, cost and stock, and the confirm step. */
export default function RewardsPage() {
  const s = useSession();
  // The balance moves elsewhere (activities, bins): fetch it fresh on every visit (opening the app on this page
  // joins the read the app started).
  useEffect(() => void loadMe({ join: true }), []);
  if (s.status === 'error') return <ErrorNotice error={s.error} onRetry={() => void loadMe()} />;
  if (s.status !== 'ready') return <Loading />;
  const me = s.me;
  return (
    <Page title={m.t('title')}>
      {me.communityId ? (
        <Catalog me={{ ...me, communityId: me.communityId }} />
      ) : (
        <>
          <BalanceCard me={me} waiting={0} />
          <Empty title={m.t('noCommunity')} hint={m.t('noCommunityHint')} icon="user">
            <Button href="/me">{m.t('chooseCommunity')}</Button>
          </Empty>
        </>
      )}
    </Page>
  );
}
