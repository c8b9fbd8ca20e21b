import { useState } from 'preact/hooks';
import { parsePickup } from '../../../../shared/pickup.js';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { dateTime } from '../../time.js';
import { Button, Card, Input, Loading } from '../../ui/index.js';
import { formSchemas, parse } from '../../validate.js';
import { rw } from './parts.js';
import { ScanView } from './scan-view.js';
import type { ManagedCommunity } from './scopes.js';

const m = messages({
  zh: {
    scan: '扫码核销',
    orType: '或者输入居民的 6 位取货码',
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
  },
  en: {
    scan: 'Scan the pickup QR',
    orType: 'Or type the resident’s 6-digit pickup code',
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
  },
});

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
export function FulfilPanel({ community }: { community: ManagedCommunity }) {
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
      const json = parse((await formSchemas()).FulfilInput, { pickupCode: f.code });
      await call(api.redemptions[':id'].fulfil.$post({ param: { id: f.id }, json }));
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
