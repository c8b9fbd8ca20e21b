import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import type { ApiError } from '../../api-error.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { saveCsv } from '../../save-csv.js';
import { loadMe, useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, Card, Empty, ErrorNotice, Loading, Page, Stat, toast } from '../../ui/index.js';
import { shortDateTime } from '../../time.js';
import { reasonWords, type Reason } from './labels.js';
import './garbage.css';

const m = messages({
  zh: {
    title: '我的积分',
    balance: '积分余额',
    ledger: '积分明细',
    noLedger: '还没有积分记录',
    noLedgerHint: '参加志愿服务、垃圾分类正确投放都能得积分。',
    after: '余额 {n}',
    cards: '我的积分卡',
    noCards: '还没有绑定积分卡',
    noCardsHint: '请带上身份证到社区服务站领取积分卡（钥匙扣）。',
    boundAt: '{d} 绑定',
    lost: '挂失',
    lostConfirm: '确定挂失积分卡 {no} 吗？挂失后这张卡投放不再得积分，请到服务站补办。',
    lostDone: '已挂失',
    cardRule: '在智能垃圾桶刷卡投放，分类正确就得积分，每人每天有上限。',
    csv: '下载全部明细 CSV（可用 Excel 打开）',
  },
  en: {
    title: 'My points',
    balance: 'Balance',
    ledger: 'Points history',
    noLedger: 'No points yet',
    noLedgerHint: 'Volunteer service and correctly sorted waste both earn points.',
    after: 'Balance {n}',
    cards: 'My points cards',
    noCards: 'No points card yet',
    noCardsHint: 'Bring your ID card to the community service station to get a points card (keychain).',
    boundAt: 'bound {d}',
    lost: 'Report lost',
    lostConfirm: 'Report card {no} as lost? Drops with it will no longer earn points; get a new one at the station.',
    lostDone: 'Reported lost',
    cardRule: 'Scan the card at a smart bin: correctly sorted drops earn points, up to a daily limit.',
    csv: 'Download the whole history as CSV (opens in Excel)',
  },
});

type Ledger = Awaited<ReturnType<typeof loadLedger>>;
const loadLedger = (cursor?: string) =>
  call(api.me.ledger.$get({ query: { limit: '20', ...(cursor ? { cursor } : {}) } }));

function LedgerCard() {
  const first = useApi(() => loadLedger(), []);
  const [more, setMore] = useState<Ledger['items']>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const items = [...(first.data?.items ?? []), ...more];
  // The whole ledger, not just the pages shown: the server writes it as CSV with a BOM and Chinese headers.
  const download = () => {
    setSaving(true);
    saveCsv(api.me.ledger.$get({ query: { format: 'csv' } }), 'ledger.csv')
      .catch((e: unknown) => toast(problemMessage(e), 'error'))
      .finally(() => setSaving(false));
  };
  const loadMore = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const page = await loadLedger(next);
      setMore([...more, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={m.t('ledger')} testId="points-ledger">
      {first.error ? (
        <ErrorNotice error={first.error} onRetry={first.reload} />
      ) : first.loading ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={m.t('noLedger')} hint={m.t('noLedgerHint')} />
      ) : (
        <ul class="plain-list">
          {items.map((e) => (
            <li key={e.id} class="ledger-row" data-testid="ledger-entry">
              <div>
                <div class="ledger-what">{reasonWords.t(e.reason as Reason)}</div>
                <div class="muted small">
                  {shortDateTime(e.at)}
                  {e.note ? ` · ${e.note}` : ''}
                </div>
                <div class="muted small">{m.t('after', { n: e.balanceAfter.toLocaleString() })}</div>
              </div>
              <div class={`ledger-delta ${e.delta >= 0 ? 'ledger-plus' : 'ledger-minus'}`}>
                {e.delta > 0 ? `+${e.delta}` : e.delta}
              </div>
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorNotice error={error} />}
      {next && (
        <Button variant="secondary" block loading={busy} onClick={() => void loadMore()}>
          {common.t('more')}
        </Button>
      )}
      {items.length > 0 && (
        <Button variant="secondary" block loading={saving} onClick={download}>
          {m.t('csv')}
        </Button>
      )}
    </Card>
  );
}

function CardsCard() {
  const cards = useApi(() => call(api.me.cards.$get({ query: {} })), []);
  const [busy, setBusy] = useState<string | undefined>();
  const reportLost = async (cardNo: string) => {
    if (!window.confirm(m.t('lostConfirm', { no: cardNo }))) return;
    setBusy(cardNo);
    try {
      await call(api.cards[':cardNo'].$delete({ param: { cardNo } }));
      toast(m.t('lostDone'));
      cards.reload();
    } catch (e) {
      toast(problemMessage(e), 'error');
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card title={m.t('cards')} testId="points-cards">
      {cards.error ? (
        <ErrorNotice error={cards.error} onRetry={cards.reload} />
      ) : !cards.data ? (
        <Loading />
      ) : cards.data.items.length === 0 ? (
        <Empty title={m.t('noCards')} hint={m.t('noCardsHint')} />
      ) : (
        <ul class="plain-list">
          {cards.data.items.map((c) => (
            <li key={c.cardNo} class="ledger-row">
              <div>
                <div class="card-no">{c.cardNo}</div>
                <div class="muted small">{m.t('boundAt', { d: shortDateTime(c.boundAt) })}</div>
              </div>
              <Button variant="secondary" loading={busy === c.cardNo} onClick={() => void reportLost(c.cardNo)}>
                {m.t('lost')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <p class="muted small">{m.t('cardRule')}</p>
    </Card>
  );
}

/** 我的积分: the balance, the ledger in plain words (newest first, more on demand), and my points cards. */
export default function PointsPage() {
  const s = useSession();
  useEffect(() => void loadMe({ join: true }), []);
  return (
    <Page title={m.t('title')} back="/me">
      <Card testId="points-balance">
        <Stat
          label={m.t('balance')}
          value={s.status === 'ready' ? s.me.balance.toLocaleString() : '…'}
          testId="points-balance-value"
        />
      </Card>
      <LedgerCard />
      <CardsCard />
    </Page>
  );
}
