import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { useAction } from '../../use-action.js';
import { useApi } from '../../use-api.js';
import { formSchemas, numberOrUndefined, onField, parse } from '../../validate.js';
import {
  Button,
  Card,
  ErrorNotice,
  fieldErrors,
  Form,
  FormProblem,
  Input,
  Loading,
  Notice,
  Select,
} from '../../ui/index.js';
import { newIdempotencyKey } from './logic.js';
import type { ManagedCommunity } from './scopes.js';

const m = messages({
  zh: {
    title: '凭卡兑换（代居民兑换）',
    hint: '居民没有手机时，刷或输入他的积分卡号，选礼品，兑换后当场发放。',
    cardNo: '积分卡卡号',
    gift: '礼品',
    choose: '— 请选择 —',
    option: '{name}（{cost} 积分，剩 {stock} 件）',
    quantity: '数量',
    redeem: '兑换并发放',
    done: '已兑换并发放：{gift} × {q}，扣 {cost} 积分，余额 {balance}',
    noCard: '没有找到这张积分卡，或它已解绑。',
  },
  en: {
    title: 'Redeem by card (for a resident)',
    hint: 'For residents without a phone: enter their card number, choose the gift; it is handed over at once.',
    cardNo: 'Card number',
    gift: 'Gift',
    choose: '— Choose —',
    option: '{name} ({cost} points, {stock} left)',
    quantity: 'Quantity',
    redeem: 'Redeem and hand over',
    done: 'Redeemed and handed over: {gift} × {q}, {cost} points, balance {balance}',
    noCard: 'No such card, or it was unbound.',
  },
});

/**
 * Staff redeem for the holder of a card and hand the gift over at once. One Idempotency-Key per filled-in
 * form: a double tap or a retry after a lost answer redeems once; a new one is made after each success.
 */
export function CardRedeemPanel({ community }: { community: ManagedCommunity }) {
  const gifts = useApi(
    () => call(api.rewards.$get({ query: { communityId: community.id, limit: '100' } })),
    [community.id],
  );
  const [cardNo, setCardNo] = useState('');
  const [rewardId, setRewardId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [key, setKey] = useState(newIdempotencyKey);
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string>();
  const redeem = () => {
    setDone(undefined);
    return run(async () => {
      const json = parse((await formSchemas()).RedeemInput, {
        cardNo: cardNo.trim(),
        quantity: numberOrUndefined(quantity),
      });
      const r = await call(
        api.rewards[':id'].redemptions.$post({ param: { id: rewardId }, json, header: { 'idempotency-key': key } }),
      ).catch((e: unknown) => onField(e, 'not-found', 'cardNo', m.t('noCard')));
      setDone(m.t('done', { gift: r.rewardName, q: r.quantity, cost: r.cost, balance: r.balanceAfter }));
      setKey(newIdempotencyKey());
      setCardNo('');
      gifts.reload();
    });
  };
  if (gifts.error) return <ErrorNotice error={gifts.error} onRetry={gifts.reload} />;
  if (!gifts.data) return <Loading />;
  const active = gifts.data.items.filter((g) => g.active);
  return (
    <Card title={m.t('title')} testId="card-redeem">
      <p class="muted">{m.t('hint')}</p>
      <Form onSubmit={redeem}>
        <Input
          label={m.t('cardNo')}
          name="cardNo"
          value={cardNo}
          onValue={(v) => {
            setCardNo(v);
            setKey(newIdempotencyKey());
          }}
          maxLength={20}
          autoComplete="off"
          error={fieldErrors(error)}
        />
        <Select
          label={m.t('gift')}
          name="rewardId"
          value={rewardId}
          onValue={(v) => {
            setRewardId(v);
            setKey(newIdempotencyKey());
          }}
          placeholder={m.t('choose')}
          groups={[
            {
              label: '',
              options: active.map((g) => ({
                value: g.id,
                label: m.t('option', { name: g.name, cost: g.cost, stock: g.stock }),
              })),
            },
          ]}
        />
        <Input
          label={m.t('quantity')}
          name="quantity"
          type="number"
          inputMode="numeric"
          value={quantity}
          onValue={(v) => {
            setQuantity(v);
            setKey(newIdempotencyKey());
          }}
          error={fieldErrors(error)}
        />
        <FormProblem error={error} placed={['cardNo', 'quantity']} />
        {done && <Notice kind="success">{done}</Notice>}
        <Button type="submit" block loading={busy} disabled={!rewardId || !cardNo.trim()}>
          {m.t('redeem')}
        </Button>
      </Form>
    </Card>
  );
}
