import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { groupPhone } from '../../format.js';
import { problemMessage } from '../../problems.js';
import { Button, Card, Input, Notice, Page, toast } from '../../ui/index.js';
import { BindCardForm } from '../organize/bind-card-form.js';
import { ConsoleFrame } from './console.js';
import { shortDateTime } from '../../time.js';
import './garbage.css';

const m = messages({
  zh: {
    title: '积分卡绑定',
    find: '查找居民',
    phone: '居民手机号',
    search: '查找',
    badPhone: '请输入 11 位手机号。',
    notFound: '没有找到这位居民，或他不在您服务的社区。请确认手机号，居民需先用手机号登录一次。',
    cards: '已绑定的积分卡',
    none: '还没有积分卡',
    bind: '绑定新卡',
    cardNo: '卡号（卡背面 8–20 位字母或数字）',
    bindIt: '绑定',
    bound: '已绑定 {no}',
    unbind: '解绑',
    unbindConfirm: '确定解绑积分卡 {no} 吗？解绑后这张卡投放不再得积分。',
    unbound: '已解绑 {no}',
    boundAt: '{d} 绑定',
  },
  en: {
    title: 'Points cards',
    find: 'Find a resident',
    phone: 'Resident’s phone',
    search: 'Find',
    badPhone: 'Please enter an 11-digit mobile number.',
    notFound: 'No such resident in the communities you serve. Check the number; residents sign in once first.',
    cards: 'Bound cards',
    none: 'No cards yet',
    bind: 'Bind a new card',
    cardNo: 'Card number (8–20 letters or digits on the back)',
    bindIt: 'Bind',
    bound: 'Bound {no}',
    unbind: 'Unbind',
    unbindConfirm: 'Unbind card {no}? Drops with it will no longer earn points.',
    unbound: 'Unbound {no}',
    boundAt: 'bound {d}',
  },
});

type Holder = Awaited<ReturnType<typeof findHolder>>;
const findHolder = (phone: string) => call(api['card-holders'].$get({ query: { phone } }));

function HolderCard({ holder, onChange }: { holder: Holder; onChange: () => Promise<void> }) {
  const [busy, setBusy] = useState<string | undefined>();
  const unbind = async (no: string) => {
    if (!window.confirm(m.t('unbindConfirm', { no }))) return;
    setBusy(no);
    try {
      await call(api.cards[':cardNo'].$delete({ param: { cardNo: no } }));
      toast(m.t('unbound', { no }));
      await onChange();
    } catch (e) {
      toast(problemMessage(e), 'error');
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card title={`${holder.name} · ${groupPhone(holder.phone)}`} testId="card-holder">
      <h3 class="card-title small">{m.t('cards')}</h3>
      {holder.cards.length === 0 ? (
        <p class="muted">{m.t('none')}</p>
      ) : (
        <ul class="plain-list">
          {holder.cards.map((c) => (
            <li key={c.cardNo} class="ledger-row" data-testid="holder-card">
              <div>
                <div class="card-no">{c.cardNo}</div>
                <div class="muted small">{m.t('boundAt', { d: shortDateTime(c.boundAt) })}</div>
              </div>
              <Button variant="danger" loading={busy === c.cardNo} onClick={() => void unbind(c.cardNo)}>
                {m.t('unbind')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <BindCardForm
        userId={holder.id}
        label={m.t('cardNo')}
        button={m.t('bindIt')}
        onBound={async (no) => {
          toast(m.t('bound', { no }));
          await onChange();
        }}
      />
    </Card>
  );
}

/** Staff console: find a resident of my community by phone, bind a new card, unbind a lost one. */
export default function CardsConsole() {
  const [phone, setPhone] = useState('');
  const [holder, setHolder] = useState<Holder | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const search = async (p = phone.trim()) => {
    setBusy(true);
    setError(undefined);
    try {
      setHolder(await findHolder(p));
    } catch (e) {
      setHolder(undefined);
      setError(problemMessage(e, { 'not-found': m.t('notFound'), validation: m.t('badPhone') }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={m.t('title')} back="/organize">
      <ConsoleFrame>
        {() => (
          <>
            <Card title={m.t('find')}>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void search();
                }}
              >
                <Input
                  label={m.t('phone')}
                  name="phone"
                  type="tel"
                  inputMode="numeric"
                  maxLength={11}
                  value={phone}
                  onValue={setPhone}
                />
                <Button type="submit" block loading={busy}>
                  {m.t('search')}
                </Button>
              </form>
              {error && <Notice kind="error">{error}</Notice>}
            </Card>
            {holder && <HolderCard holder={holder} onChange={() => search(holder.phone)} />}
          </>
        )}
      </ConsoleFrame>
    </Page>
  );
}
