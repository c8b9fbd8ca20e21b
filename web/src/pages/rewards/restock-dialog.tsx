import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { useAction } from '../../use-action.js';
import { fieldProblem, formSchemas, onField, parse } from '../../validate.js';
import { Button, Dialog, fieldErrors, Form, FormProblem, Input, toast } from '../../ui/index.js';
import type { Gift } from './types.js';

const m = messages({
  zh: {
    restockTitle: '补货：{name}',
    stockNow: '现有库存 {n} 件',
    delta: '补充数量',
    deltaHint: '要减少库存请填负数，例如 -2',
    deltaInvalid: '请填一个不为 0 的整数',
    restocked: '库存已改为 {n} 件',
    belowZero: '库存不能少于 0 件。',
  },
  en: {
    restockTitle: 'Restock: {name}',
    stockNow: '{n} in stock now',
    delta: 'Add',
    deltaHint: 'To reduce the stock, enter a negative number, e.g. -2',
    deltaInvalid: 'Please enter a whole number other than 0',
    restocked: 'Stock is now {n}',
    belowZero: 'The stock cannot go below 0.',
  },
});

export function RestockDialog(props: { gift: Gift; onDone: () => void; onClose: () => void }) {
  const [delta, setDelta] = useState('');
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      // RewardPatch takes 0 and an absent delta (a patch may change other fields); a restock must change the stock.
      if (delta.trim() === '' || Number(delta) === 0) throw fieldProblem('stockDelta', m.t('deltaInvalid'));
      const json = parse((await formSchemas()).RewardPatch, { stockDelta: Number(delta) });
      const g = await call(api.rewards[':id'].$patch({ param: { id: props.gift.id }, json })).catch((e: unknown) =>
        onField(e, 'conflict', 'stockDelta', m.t('belowZero')),
      );
      toast(m.t('restocked', { n: g.stock }));
      props.onDone();
    });
  return (
    <Dialog title={m.t('restockTitle', { name: props.gift.name })} onClose={busy ? undefined : props.onClose}>
      <p class="big-line">{m.t('stockNow', { n: props.gift.stock })}</p>
      <Form onSubmit={save}>
        <Input
          label={m.t('delta')}
          name="stockDelta"
          type="number"
          inputMode="numeric"
          value={delta}
          onValue={setDelta}
          hint={m.t('deltaHint')}
          error={fieldErrors(error)}
          autoFocus
        />
        <FormProblem error={error} placed={['stockDelta']} />
        <div class="row-actions row-actions-fill">
          <Button variant="secondary" onClick={props.onClose} disabled={busy}>
            {common.t('cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {common.t('save')}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
