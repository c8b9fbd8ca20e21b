import { useState } from 'preact/hooks';
import { ApiError } from '../api-error.js';
import { messages } from '../i18n/index.js';
import { problemMessage } from '../problems.js';
import { Button, Card, Empty, Input, Notice, Page, QrCode, Select, Stat, Tabs, toast } from '../ui/index.js';

const m = messages({
  zh: { title: '界面组件', intro: '给开发者看的：每个组件在手机上的样子。', month: '本月', year: '本年', all: '累计' },
  en: {
    title: 'UI kit',
    intro: 'For developers: how each component looks on a phone.',
    month: 'Month',
    year: 'Year',
    all: 'All time',
  },
});

const sampleError = new ApiError({
  status: 400,
  type: '/problems/validation',
  errors: [{ path: 'cost', message: '必须是 1–100000 的整数' }],
});

/** `/ui`: every component of `ui/` on one page, to try them on a phone (not linked from the app). */
export default function UiKit() {
  const [tab, setTab] = useState<'month' | 'year' | 'all'>('month');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Page title={m.t('title')} back="/">
      <p>{m.t('intro')}</p>
      <Tabs
        items={[
          { key: 'month', label: m.t('month') },
          { key: 'year', label: m.t('year') },
          { key: 'all', label: m.t('all') },
        ]}
        value={tab}
        onChange={setTab}
      />
      <Card title="Button">
        <div class="row-actions">
          <Button onClick={() => toast('已保存')}>primary</Button>
          <Button variant="secondary" onClick={() => toast(problemMessage(sampleError), 'error')}>
            secondary
          </Button>
          <Button variant="danger">danger</Button>
          <Button loading={busy} onClick={() => setBusy(true)}>
            loading
          </Button>
        </div>
      </Card>
      <Card title="Input / Select">
        <Input label="cost" name="cost" value={text} onValue={setText} error={sampleError} hint="errors[] by path" />
        <Select
          label="community"
          value=""
          onValue={() => {}}
          placeholder="— 请选择 —"
          groups={[{ label: '街道', options: [{ value: 'a', label: '社区 A' }] }]}
        />
      </Card>
      <Card title="Stat / Notice">
        <div class="stats">
          <Stat label="积分" value="1,280" />
          <Stat label="服务时长" value="12.5" unit="小时" />
        </div>
        <Notice kind="info">info</Notice>
        <Notice kind="success">success</Notice>
        <Notice kind="error">
          {problemMessage(new ApiError({ status: 409, type: '/problems/insufficient-points' }))}
        </Notice>
      </Card>
      <Card title="QrCode">
        <QrCode text="community-points:ui-kit" size={200} label="QR" />
      </Card>
      <Empty title="Empty" hint="hint" />
    </Page>
  );
}
