import { useEffect, useRef, useState } from 'preact/hooks';
import { parsePickup } from '../../../../shared/pickup.js';
import { api, call } from '../../api.js';
import { ApiError } from '../../api-error.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { buildPath, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, Card, Dialog, Empty, ErrorNotice, Input, Loading, Page, Select, Tabs, toast } from '../../ui/index.js';
import { CardRedeemPanel } from './card-redeem.js';
import { usePaged } from './paged.js';
import { GiftImage, rw } from './parts.js';
import { dateTime } from '../../time.js';
import { managedCommunities, type ManagedCommunity } from './scopes.js';
import type { Gift } from './types.js';

const m = messages({
  zh: {
    title: '兑换核销',
    community: '服务站所在社区',
    noCommunity: '您还没有负责的社区',
    noCommunityHint: '服务站工作人员和社区工作者才能核销兑换。',
    tabFulfil: '核销',
    tabOpen: '待领取',
    tabGifts: '礼品',
    tabCard: '凭卡兑换',
    scan: '扫码核销',
    scanHint: '请居民打开「我的兑换」，把取货二维码对准下面的框。',
    stopScan: '停止扫码',
    cameraDenied: '没有使用摄像头的权限。请在浏览器设置里允许，或者直接输入取货码。',
    cameraMissing: '打不开摄像头。请直接输入取货码。',
    orType: '或者输入居民的 6 位取货码',
    codeLabel: '取货码',
    find: '查找',
    codeInvalid: '请输入 6 位数字',
    chooseOne: '有 {n} 份兑换用这个取货码，请问居民姓名后选择：',
    confirmTitle: '请核对后发放',
    gift: '礼品',
    resident: '居民',
    reservedAt: '兑换时间',
    expiresAt: '到期时间',
    handOver: '确认发放',
    back: '返回',
    doneTitle: '核销成功',
    doneDetail: '请把 {gift} × {q} 交给 {name}',
    next: '继续核销',
    failTitle: '不能发放',
    again: '重新核销',
    notPickup: '这不是取货二维码。请让居民打开「我的兑换」里的取货码。',
    noMatch: '没有找到取货码 {code} 的待领取礼品。请核对后重新输入。',
    wasFulfilled: '这份礼品已经在 {when} 领取过了，不能重复发放。',
    wasCancelled: '这份兑换已经取消，积分已退回居民，不能发放。',
    wasExpired: '这份兑换已过期，积分已退回居民，不能发放。',
    badCode: '取货码不对，不能发放。',
    notMine: '这不是您负责的社区的兑换，请居民到所在社区的服务站领取。',
    notFound: '找不到这份兑换。',
    conflict: '这份兑换已经领取或已取消，不能发放。',
    emptyOpen: '现在没有待领取的礼品',
    byName: '{name} · 兑换于 {when}',
    due: '到期 {when}',
    newGift: '新增礼品',
    emptyGifts: '还没有礼品',
    emptyGiftsHint: '点「新增礼品」上架第一件。',
    redeemed: '已兑 {n} 件',
    active: '兑换中',
    inactive: '已下架',
    limit: '每人限兑 {n} 件',
    restock: '补货',
    deactivate: '下架',
    activate: '重新上架',
    deactivated: '已下架：居民暂时不能兑换',
    activated: '已重新上架',
    restockTitle: '补货：{name}',
    stockNow: '现有库存 {n} 件',
    delta: '补充数量',
    deltaHint: '要减少库存请填负数，例如 -2',
    deltaInvalid: '请填一个不为 0 的整数',
    restocked: '库存已改为 {n} 件',
    belowZero: '库存不能少于 0 件。',
  },
  en: {
    title: 'Hand out gifts',
    community: 'Service station of',
    noCommunity: 'You do not run a community yet',
    noCommunityHint: 'Service-station staff and organisers hand out gifts.',
    tabFulfil: 'Hand out',
    tabOpen: 'Waiting',
    tabGifts: 'Gifts',
    tabCard: 'By card',
    scan: 'Scan the pickup QR',
    scanHint: 'Ask the resident to open “My redemptions” and hold the pickup QR code inside the frame.',
    stopScan: 'Stop scanning',
    cameraDenied: 'The camera is not allowed. Allow it in the browser settings, or type the pickup code.',
    cameraMissing: 'The camera could not be opened. Please type the pickup code.',
    orType: 'Or type the resident’s 6-digit pickup code',
    codeLabel: 'Pickup code',
    find: 'Find',
    codeInvalid: 'Please enter 6 digits',
    chooseOne: '{n} redemptions have this code. Ask the resident’s name and choose:',
    confirmTitle: 'Check, then hand over',
    gift: 'Gift',
    resident: 'Resident',
    reservedAt: 'Exchanged',
    expiresAt: 'Collect by',
    handOver: 'Hand over',
    back: 'Back',
    doneTitle: 'Handed over',
    doneDetail: 'Give {gift} × {q} to {name}',
    next: 'Next pickup',
    failTitle: 'Do not hand over',
    again: 'Try again',
    notPickup: 'This is not a pickup QR code. Ask the resident to open the pickup code in “My redemptions”.',
    noMatch: 'No gift waiting with pickup code {code}. Please check and type it again.',
    wasFulfilled: 'This gift was already collected on {when}.',
    wasCancelled: 'This exchange was cancelled and the points returned.',
    wasExpired: 'This exchange expired and the points were returned.',
    badCode: 'The pickup code is wrong.',
    notMine: 'This exchange belongs to another community’s service station.',
    notFound: 'This exchange could not be found.',
    conflict: 'This exchange was already collected or cancelled.',
    emptyOpen: 'No gifts waiting to be collected',
    byName: '{name} · exchanged {when}',
    due: 'Collect by {when}',
    newGift: 'New gift',
    emptyGifts: 'No gifts yet',
    emptyGiftsHint: 'Tap “New gift” to offer the first one.',
    redeemed: '{n} exchanged',
    active: 'On offer',
    inactive: 'Withdrawn',
    limit: 'Up to {n} per person',
    restock: 'Restock',
    deactivate: 'Withdraw',
    activate: 'Offer again',
    deactivated: 'Withdrawn: residents cannot exchange it for now',
    activated: 'On offer again',
    restockTitle: 'Restock: {name}',
    stockNow: '{n} in stock now',
    delta: 'Add',
    deltaHint: 'To reduce the stock, enter a negative number, e.g. -2',
    deltaInvalid: 'Please enter a whole number other than 0',
    restocked: 'Stock is now {n}',
    belowZero: 'The stock cannot go below 0.',
  },
});

type Tab = 'fulfil' | 'open' | 'gifts' | 'card';

/** A reservation found by its QR or code, about to be handed over. */
interface Found {
  id: string;
  code: string;
  rewardName: string;
  quantity: number;
  userName: string;
  createdAt: string;
  expiresAt: string;
}

type Step =
  | { k: 'idle' }
  | { k: 'scan' }
  | { k: 'busy' }
  | { k: 'choose'; items: Found[] }
  | { k: 'found'; f: Found }
  | { k: 'done'; f: Found }
  | { k: 'fail'; message: string };

/** The words for a failed lookup or hand-over. */
const failure = (err: unknown): string =>
  problemMessage(err, {
    'invalid-code': m.t('badCode'),
    forbidden: m.t('notMine'),
    'not-found': m.t('notFound'),
    conflict: m.t('conflict'),
  });

function cameraMessage(err: unknown): string {
  const name = (err as { name?: string } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' ? m.t('cameraDenied') : m.t('cameraMissing');
}

/** The camera view; the scanning code (and jsqr where needed) loads only when this opens. */
function ScanView(props: { onText: (text: string) => void; onCancel: () => void; onError: (msg: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const handlers = useRef(props);
  handlers.current = props;
  useEffect(() => {
    let live = true;
    let read = false;
    let scanner: { stop(): void } | undefined;
    import('./scanner.js')
      .then((mod) =>
        mod.startScanner(video.current!, (text) => {
          if (read || !live) return;
          read = true; // one code per scan: the hand-over step comes next
          scanner?.stop();
          handlers.current.onText(text);
        }),
      )
      .then(
        (s) => {
          scanner = s;
          if (!live || read) s.stop();
        },
        (e: unknown) => live && handlers.current.onError(cameraMessage(e)),
      );
    return () => {
      live = false;
      scanner?.stop();
    };
  }, []);
  return (
    <div data-testid="scanner">
      <p>{m.t('scanHint')}</p>
      <div class="scanner">
        <video ref={video} muted playsInline />
        <div class="scanner-frame" />
      </div>
      <Button variant="secondary" block onClick={props.onCancel}>
        {m.t('stopScan')}
      </Button>
    </div>
  );
}

function FoundFacts({ f }: { f: Found }) {
  return (
    <dl class="facts">
      <dt>{m.t('gift')}</dt>
      <dd data-testid="found-gift">
        {f.rewardName} {rw.t('quantity', { n: f.quantity })}
      </dd>
      <dt>{m.t('resident')}</dt>
      <dd data-testid="found-name">{f.userName}</dd>
      <dt>{m.t('reservedAt')}</dt>
      <dd>{dateTime(f.createdAt)}</dd>
      <dt>{m.t('expiresAt')}</dt>
      <dd>{dateTime(f.expiresAt)}</dd>
    </dl>
  );
}

/** 核销: scan the resident's QR (or type the code), check who and what, hand over; a clear verdict after. */
function FulfilPanel({ community }: { community: ManagedCommunity }) {
  const [step, setStep] = useState<Step>({ k: 'idle' });
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();

  /** A scanned QR names the redemption; a typed code is looked up in this community's open reservations. */
  const lookUp = async (text: string) => {
    const p = parsePickup(text);
    if (!p) {
      setStep({ k: 'fail', message: m.t('notPickup') });
      return;
    }
    setStep({ k: 'busy' });
    try {
      if (p.redemptionId) {
        const r = await call(api.redemptions[':id'].$get({ param: { id: p.redemptionId } }));
        if (r.status === 'fulfilled')
          return setStep({ k: 'fail', message: m.t('wasFulfilled', { when: dateTime(r.fulfilledAt ?? r.createdAt) }) });
        if (r.status === 'cancelled')
          return setStep({
            k: 'fail',
            message: r.cancelReason === 'expired' ? m.t('wasExpired') : m.t('wasCancelled'),
          });
        const f = { ...r, code: p.code, userName: r.userName ?? '' };
        return setStep({ k: 'found', f });
      }
      const page = await call(
        api.communities[':id'].reservations.$get({ param: { id: community.id }, query: { pickupCode: p.code } }),
      );
      const items = page.items.map((o) => ({ ...o, id: o.redemptionId, code: p.code }));
      if (items.length === 0) return setStep({ k: 'fail', message: m.t('noMatch', { code: p.code }) });
      setStep(items.length === 1 ? { k: 'found', f: items[0]! } : { k: 'choose', items });
    } catch (e) {
      setStep({ k: 'fail', message: failure(e) });
    }
  };

  const handOver = async (f: Found) => {
    setStep({ k: 'busy' });
    try {
      await call(api.redemptions[':id'].fulfil.$post({ param: { id: f.id }, json: { pickupCode: f.code } }));
      setStep({ k: 'done', f });
      setCode('');
    } catch (e) {
      setStep({ k: 'fail', message: failure(e) });
    }
  };

  const restart = () => {
    setCode('');
    setCodeError(undefined);
    setStep({ k: 'idle' });
  };

  switch (step.k) {
    case 'busy':
      return <Loading />;
    case 'scan':
      return (
        <ScanView
          onText={(t) => void lookUp(t)}
          onCancel={restart}
          onError={(message) => {
            setStep({ k: 'idle' });
            setCodeError(message);
          }}
        />
      );
    case 'choose':
      return (
        <Card>
          <p>{m.t('chooseOne', { n: step.items.length })}</p>
          {step.items.map((f) => (
            <Button key={f.id} variant="secondary" block onClick={() => setStep({ k: 'found', f })}>
              {f.userName} · {f.rewardName} {rw.t('quantity', { n: f.quantity })}
            </Button>
          ))}
          <Button variant="secondary" block onClick={restart}>
            {m.t('back')}
          </Button>
        </Card>
      );
    case 'found':
      return (
        <Card title={m.t('confirmTitle')} testId="fulfil-found">
          <FoundFacts f={step.f} />
          <Button block onClick={() => void handOver(step.f)}>
            {m.t('handOver')}
          </Button>
          <Button variant="secondary" block onClick={restart}>
            {m.t('back')}
          </Button>
        </Card>
      );
    case 'done':
      return (
        <div data-testid="fulfil-done">
          <div class="verdict verdict-ok" role="status">
            <div class="verdict-mark" aria-hidden="true">
              ✓
            </div>
            <p class="verdict-title">{m.t('doneTitle')}</p>
            <p class="verdict-detail">
              {m.t('doneDetail', { gift: step.f.rewardName, q: step.f.quantity, name: step.f.userName })}
            </p>
          </div>
          <Button block onClick={restart}>
            {m.t('next')}
          </Button>
        </div>
      );
    case 'fail':
      return (
        <div data-testid="fulfil-failed">
          <div class="verdict verdict-fail" role="alert">
            <div class="verdict-mark" aria-hidden="true">
              ✕
            </div>
            <p class="verdict-title">{m.t('failTitle')}</p>
            <p class="verdict-detail">{step.message}</p>
          </div>
          <Button block onClick={restart}>
            {m.t('again')}
          </Button>
        </div>
      );
    case 'idle':
      return (
        <>
          <Button block onClick={() => setStep({ k: 'scan' })}>
            {m.t('scan')}
          </Button>
          <Card>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const c = code.replace(/\s+/g, '');
                if (!/^\d{6}$/.test(c)) return setCodeError(m.t('codeInvalid'));
                setCodeError(undefined);
                void lookUp(c);
              }}
            >
              <Input
                label={m.t('orType')}
                name="pickupCode"
                value={code}
                onValue={setCode}
                inputMode="numeric"
                autoComplete="off"
                maxLength={7}
                placeholder="123456"
                error={codeError}
              />
              <Button type="submit" block>
                {m.t('find')}
              </Button>
            </form>
          </Card>
        </>
      );
  }
}

/** 待领取: what is waiting at this station. */
function OpenList({ community }: { community: ManagedCommunity }) {
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

function RestockDialog(props: { gift: Gift; onDone: () => void; onClose: () => void }) {
  const [delta, setDelta] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | undefined>();
  const save = async () => {
    const n = Number(delta);
    if (!Number.isInteger(n) || n === 0 || delta.trim() === '') return setError(m.t('deltaInvalid'));
    setBusy(true);
    setError(undefined);
    try {
      const g = await call(api.rewards[':id'].$patch({ param: { id: props.gift.id }, json: { stockDelta: n } }));
      toast(m.t('restocked', { n: g.stock }));
      props.onDone();
    } catch (e) {
      const err = e as ApiError;
      setError(err.errors.length ? err : problemMessage(err, { conflict: m.t('belowZero') }));
      setBusy(false);
    }
  };
  return (
    <Dialog title={m.t('restockTitle', { name: props.gift.name })} onClose={busy ? undefined : props.onClose}>
      <p class="big-line">{m.t('stockNow', { n: props.gift.stock })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Input
          label={m.t('delta')}
          name="stockDelta"
          type="number"
          inputMode="numeric"
          value={delta}
          onValue={setDelta}
          hint={m.t('deltaHint')}
          error={error}
          autoFocus
        />
        <div class="row-actions row-actions-fill">
          <Button variant="secondary" onClick={props.onClose} disabled={busy}>
            {common.t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {common.t('save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function GiftRow(props: { gift: Gift; onRestock: () => void; onChanged: () => void }) {
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

/** 礼品: every gift of the station, with restock and withdraw; new ones on their own page. */
function GiftList({ community }: { community: ManagedCommunity }) {
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

/** The staff console of rewards: hand out (scan or code), what waits, and the gifts of each station I run. */
export default function StaffConsole({ query }: PageProps) {
  const s = useSession();
  const org = useApi(() => call(api.org.$get()), []);
  const me = s.status === 'ready' ? s.me : undefined;
  const communities = me && org.data ? managedCommunities(me.roles, org.data) : [];
  const community = communities.find((c) => c.id === query.get('c')) ?? communities[0];
  const tabParam = query.get('tab');
  const tab: Tab = tabParam === 'open' || tabParam === 'gifts' || tabParam === 'card' ? tabParam : 'fulfil';
  const go = (next: { c?: string; tab?: Tab }) =>
    navigate(
      buildPath(
        '/organize/rewards',
        {},
        { c: next.c ?? community?.id, tab: (next.tab ?? tab) === 'fulfil' ? undefined : (next.tab ?? tab) },
      ),
      { replace: true },
    );
  return (
    <Page title={m.t('title')} back="/organize">
      {org.error ? (
        <ErrorNotice error={org.error} onRetry={org.reload} />
      ) : !org.data || !me ? (
        <Loading />
      ) : !community ? (
        <Empty title={m.t('noCommunity')} hint={m.t('noCommunityHint')} icon="tools" />
      ) : (
        <>
          {communities.length > 1 ? (
            <Select
              label={m.t('community')}
              name="communityId"
              value={community.id}
              onValue={(c) => go({ c })}
              groups={[...new Set(communities.map((c) => c.streetName))].map((street) => ({
                label: street,
                options: communities
                  .filter((c) => c.streetName === street)
                  .map((c) => ({ value: c.id, label: c.name })),
              }))}
            />
          ) : (
            <p class="big-line" data-testid="station">
              {community.name}
            </p>
          )}
          <Tabs
            label={m.t('title')}
            items={[
              { key: 'fulfil', label: m.t('tabFulfil') },
              { key: 'open', label: m.t('tabOpen') },
              { key: 'card', label: m.t('tabCard') },
              { key: 'gifts', label: m.t('tabGifts') },
            ]}
            value={tab}
            onChange={(t) => go({ tab: t })}
          />
          {tab === 'fulfil' && <FulfilPanel key={community.id} community={community} />}
          {tab === 'open' && <OpenList key={community.id} community={community} />}
          {tab === 'gifts' && <GiftList key={community.id} community={community} />}
          {tab === 'card' && <CardRedeemPanel key={community.id} community={community} />}
        </>
      )}
    </Page>
  );
}
