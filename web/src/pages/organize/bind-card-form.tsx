import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { useAction } from '../../use-action.js';
import { formSchemas, onField, parse } from '../../validate.js';
import { Button, fieldErrors, Form, FormProblem, Input } from '../../ui/index.js';

const m = messages({
  zh: { taken: '这张卡已绑定给其他居民，请先在原持卡人处解绑。' },
  en: { taken: 'This card is bound to someone else; unbind it from them first.' },
});

/**
 * Binds a points card to a person (POST /api/cards), checked with BindCardInput before it is sent: the resident
 * screen (代管居民) and the card console (积分卡绑定) both bind cards, each with its own words on the field and button.
 */
export function BindCardForm(props: {
  userId: string;
  label: string;
  button: string;
  onBound: (cardNo: string) => void | Promise<void>;
}) {
  const [cardNo, setCardNo] = useState('');
  const { busy, error, run } = useAction();
  const bind = () =>
    run(async () => {
      const json = parse((await formSchemas()).BindCardInput, { cardNo: cardNo.trim(), userId: props.userId });
      // A card bound to someone else (409): said under the card field, with what to do about it.
      await call(api.cards.$post({ json })).catch((e: unknown) => onField(e, 'conflict', 'cardNo', m.t('taken')));
      setCardNo('');
      await props.onBound(json.cardNo);
    });
  return (
    <Form onSubmit={bind} testId="bind-card">
      <Input
        label={props.label}
        name="cardNo"
        value={cardNo}
        onValue={setCardNo}
        maxLength={20}
        autoComplete="off"
        error={fieldErrors(error)}
      />
      <FormProblem error={error} placed={['cardNo']} />
      <Button type="submit" block loading={busy} disabled={!cardNo.trim()}>
        {props.button}
      </Button>
    </Form>
  );
}
