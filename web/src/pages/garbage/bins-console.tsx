import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { useAction } from '../../use-action.js';
import { useApi } from '../../use-api.js';
import { formSchemas, parse } from '../../validate.js';
import {
  Button,
  Card,
  Empty,
  ErrorNotice,
  fieldErrors,
  Form,
  FormProblem,
  Input,
  Loading,
  Notice,
  Page,
  toast,
} from '../../ui/index.js';
import { ConsoleFrame } from './console.js';
import { shortDateTime } from '../../time.js';
import './garbage.css';

const m = messages({
  zh: {
    title: '智能垃圾桶站',
    register: '登记新桶站',
    name: '桶站名称（如：3号楼东侧桶站）',
    registerIt: '登记',
    secretTitle: '桶站密钥（只显示这一次）',
    secretWarn: '请现在就复制密钥并写入桶站设备。离开本页后任何人都无法再看到它；丢失只能重新登记桶站。不要发到群里。',
    binId: '桶站编号',
    copy: '复制密钥',
    copied: '已复制',
    copyFailed: '复制失败，请长按选中密钥手动复制',
    saved: '我已写入设备',
    list: '本社区桶站',
    none: '还没有登记桶站',
    since: '{d} 登记',
  },
  en: {
    title: 'Smart bin stations',
    register: 'Register a bin station',
    name: 'Station name (e.g. East of building 3)',
    registerIt: 'Register',
    secretTitle: 'Bin secret (shown only this once)',
    secretWarn:
      'Copy the secret into the bin now. Nobody can see it again after you leave this page; if lost, register the bin again. Do not post it in a chat.',
    binId: 'Bin id',
    copy: 'Copy secret',
    copied: 'Copied',
    copyFailed: 'Copy failed; press and hold the secret to copy it by hand',
    saved: 'I have put it in the bin',
    list: 'Stations of this community',
    none: 'No bin stations yet',
    since: 'registered {d}',
  },
});

type Created = { id: string; name: string; secret: string };

function SecretOnce({ bin, onDone }: { bin: Created; onDone: () => void }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(bin.secret);
      toast(m.t('copied'));
    } catch {
      toast(m.t('copyFailed'), 'error');
    }
  };
  return (
    <Card title={m.t('secretTitle')} testId="bin-secret">
      <Notice kind="error">{m.t('secretWarn')}</Notice>
      <p>
        <strong>{bin.name}</strong>
        <br />
        <span class="muted small">
          {m.t('binId')}: <span class="card-no small">{bin.id}</span>
        </span>
      </p>
      <div class="secret-box" data-testid="bin-secret-value">
        {bin.secret}
      </div>
      <div class="row-actions">
        <Button onClick={() => void copy()}>{m.t('copy')}</Button>
        <Button variant="secondary" onClick={onDone}>
          {m.t('saved')}
        </Button>
      </div>
    </Card>
  );
}

function Bins({ communityId }: { communityId: string }) {
  const bins = useApi(
    () => call(api.communities[':id'].bins.$get({ param: { id: communityId }, query: { limit: '100' } })),
    [communityId],
  );
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const [created, setCreated] = useState<Created | undefined>();
  const register = () =>
    run(async () => {
      const json = parse((await formSchemas()).BinInput, { communityId, name });
      const b = await call(api.bins.$post({ json }));
      setCreated(b);
      setName('');
      bins.reload();
    });
  return (
    <>
      {created ? (
        <SecretOnce bin={created} onDone={() => setCreated(undefined)} />
      ) : (
        <Card title={m.t('register')}>
          <Form onSubmit={register}>
            <Input
              label={m.t('name')}
              name="name"
              value={name}
              onValue={setName}
              maxLength={60}
              error={fieldErrors(error)}
            />
            <FormProblem error={error} placed={['name']} />
            <Button type="submit" block loading={busy}>
              {m.t('registerIt')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={m.t('list')} testId="bin-list">
        {bins.error ? (
          <ErrorNotice error={bins.error} onRetry={bins.reload} />
        ) : !bins.data ? (
          <Loading />
        ) : bins.data.items.length === 0 ? (
          <Empty title={m.t('none')} />
        ) : (
          <ul class="plain-list">
            {bins.data.items.map((b) => (
              <li key={b.id}>
                <strong>{b.name}</strong>
                <div class="muted small">
                  <span class="card-no small">{b.id}</span> · {m.t('since', { d: shortDateTime(b.createdAt) })}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

/** Staff console: the community's bin stations, and registering one (its secret shown once, to copy). */
export default function BinsConsole() {
  return (
    <Page title={m.t('title')} back="/organize">
      <ConsoleFrame>{(communityId) => <Bins communityId={communityId} />}</ConsoleFrame>
    </Page>
  );
}
