import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import type { PageProps } from '../../routes.js';
import { useAction } from '../../use-action.js';
import { formSchemas, parse } from '../../validate.js';
import { Button, Card, fieldErrors, Form, FormProblem, Input, Page, toast } from '../../ui/index.js';
import { managedCommunities } from '../rewards/scopes.js';
import { BindCardForm } from './bind-card-form.js';
import { CommunitySelect } from './community-select.js';
import { useOrganizerScope } from './use-organizer-scope.js';
import './organize.css';

const m = messages({
  zh: {
    title: '代管居民',
    intro: '没有智能手机的居民（多为老人）由社区代管账号：登记姓名，给他绑定积分卡，代他签到、兑换。',
    community: '社区',
    none: '您还没有负责的社区',
    find: '按姓名查找',
    name: '姓名',
    nameHint: '输入姓氏或姓名开头',
    search: '查找',
    results: '找到 {n} 位居民',
    nobody: '没有找到，可以在下面登记。',
    managed: '代管',
    register: '登记新居民（无手机号）',
    note: '备注（可不填，例如楼号、紧急联系人）',
    registerBtn: '登记',
    registered: '已登记 {name}',
    chosen: '已选：{name}',
    choose: '选择',
    cardNo: '积分卡卡号（卡背面 8–20 位字母或数字）',
    bind: '绑定积分卡',
    bound: '已为 {name} 绑定积分卡 {no}',
    phone: '手机号',
    givePhone: '居民有了手机号',
    givePhoneHint: '填写后，居民可以用这个手机号登录，原有积分和服务记录都保留。',
    givePhoneBtn: '保存手机号',
    phoneSaved: '已保存，{name} 以后可用手机号登录',
    noPhone: '无手机号',
  },
  en: {
    title: 'Residents without a phone',
    intro:
      'Residents without a smartphone (mostly elderly) have accounts kept by the community: register the name, bind a card, check them in and redeem for them.',
    community: 'Community',
    none: 'You do not serve a community yet',
    find: 'Find by name',
    name: 'Name',
    nameHint: 'Type the first characters of the name',
    search: 'Find',
    results: '{n} residents found',
    nobody: 'Nobody found; register them below.',
    managed: 'managed',
    register: 'Register a resident (no phone)',
    note: 'Note (optional, e.g. building, emergency contact)',
    registerBtn: 'Register',
    registered: 'Registered {name}',
    chosen: 'Chosen: {name}',
    choose: 'Choose',
    cardNo: 'Points card number (8–20 letters or digits on the back)',
    bind: 'Bind card',
    bound: 'Bound card {no} to {name}',
    phone: 'Phone',
    givePhone: 'The resident now has a phone',
    givePhoneHint: 'They sign in with it from then on and keep their points and service record.',
    givePhoneBtn: 'Save phone',
    phoneSaved: 'Saved; {name} can now sign in with the phone',
    noPhone: 'no phone',
  },
});

type Found = { id: string; name: string; phone: string | null; managed: boolean };

/** One chosen resident: bind a card, and give a managed resident a phone. */
function ResidentCard({ who, onChanged }: { who: Found; onChanged: () => void }) {
  const [phone, setPhone] = useState('');
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      const json = parse((await formSchemas()).UserPhonePatch, { phone: phone.trim() });
      await call(api.users[':id'].$patch({ param: { id: who.id }, json }));
      toast(m.t('phoneSaved', { name: who.name }));
      onChanged();
    });
  return (
    <Card title={m.t('chosen', { name: who.name })} testId="resident-chosen">
      <BindCardForm
        userId={who.id}
        label={m.t('cardNo')}
        button={m.t('bind')}
        onBound={(no) => toast(m.t('bound', { name: who.name, no }))}
      />
      {who.managed && (
        <Form onSubmit={save} testId="give-phone">
          <h3 class="card-title small">{m.t('givePhone')}</h3>
          <Input
            label={m.t('phone')}
            name="phone"
            type="tel"
            inputMode="numeric"
            maxLength={11}
            value={phone}
            onValue={setPhone}
            hint={m.t('givePhoneHint')}
            error={fieldErrors(error)}
          />
          <FormProblem error={error} placed={['phone']} />
          <Button type="submit" variant="secondary" block loading={busy} disabled={!phone.trim()}>
            {m.t('givePhoneBtn')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** 代管居民: organisers and staff find residents by name, register those without a phone, bind their card. */
export default function ResidentsPage(_props: PageProps) {
  const scope = useOrganizerScope((me, org) => managedCommunities(me.roles, org), {
    title: m.t('title'),
    none: m.t('none'),
    intro: m.t('intro'),
  });
  const communities = scope.items;
  const [picked, setPicked] = useState('');
  const communityId = picked || communities[0]?.id || '';
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[]>();
  const [who, setWho] = useState<Found>();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const finding = useAction();
  const registering = useAction();
  const search = (prefix = q.trim()) =>
    finding.run(async () => {
      const r = await call(api.users.$get({ query: { communityId, q: prefix, limit: '20' } }));
      setFound(r.items);
    });
  const register = () =>
    registering.run(async () => {
      const json = parse((await formSchemas()).ResidentInput, {
        name,
        communityId,
        ...(note.trim() ? { note } : {}),
      });
      const r = await call(api.residents.$post({ json }));
      toast(m.t('registered', { name: r.name }));
      setWho({ id: r.id, name: r.name, phone: null, managed: true });
      setName('');
      setNote('');
    });
  const pick = (id: string) => {
    setPicked(id);
    setFound(undefined);
    setWho(undefined);
  };
  if (scope.gate) return scope.gate;
  return (
    <Page title={m.t('title')} back="/organize">
      <p class="muted">{m.t('intro')}</p>
      <CommunitySelect label={m.t('community')} communities={communities} value={communityId} onValue={pick} />
      <Card title={m.t('find')} testId="resident-search">
        <Form onSubmit={search}>
          <Input
            label={m.t('name')}
            name="q"
            type="search"
            value={q}
            onValue={setQ}
            maxLength={60}
            hint={m.t('nameHint')}
            error={fieldErrors(finding.error)}
          />
          <FormProblem error={finding.error} placed={['q']} />
          <Button type="submit" block loading={finding.busy}>
            {m.t('search')}
          </Button>
        </Form>
        {found && (
          <ul class="plain-list" data-testid="resident-results">
            {found.length === 0 && <li class="muted">{m.t('nobody')}</li>}
            {found.map((u) => (
              <li key={u.id} class="ledger-row">
                <span>
                  {u.name} <span class="muted small">{u.phone ?? m.t('noPhone')}</span>
                  {u.managed && <span class="badge">{m.t('managed')}</span>}
                </span>
                <Button variant="secondary" onClick={() => setWho(u)}>
                  {m.t('choose')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {who && <ResidentCard key={who.id} who={who} onChanged={() => void search(who.name)} />}
      <Card title={m.t('register')} testId="resident-register">
        <Form onSubmit={register}>
          <Input
            label={m.t('name')}
            name="name"
            value={name}
            onValue={setName}
            maxLength={60}
            error={fieldErrors(registering.error)}
          />
          <Input
            label={m.t('note')}
            name="note"
            value={note}
            onValue={setNote}
            maxLength={200}
            error={fieldErrors(registering.error)}
          />
          <FormProblem error={registering.error} placed={['name', 'note']} />
          <Button type="submit" block loading={registering.busy}>
            {m.t('registerBtn')}
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
