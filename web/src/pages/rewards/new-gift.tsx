import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { ApiError } from '../../api-error.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { buildPath, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, Card, Empty, ErrorNotice, Input, Loading, Notice, Page, toast } from '../../ui/index.js';
import { pictureDataUrl } from './image.js';
import { GiftImage } from './parts.js';
import { managedCommunities, type ManagedCommunity } from './scopes.js';
import { fromZoneInput } from '../../time.js';
import { formSchemas, numberOrUndefined, validate, withoutField } from '../../validate.js';

const m = messages({
  zh: {
    title: '新增礼品',
    where: '上架到：{name}',
    name: '礼品名称',
    description: '说明',
    optional: '可以不填',
    cost: '所需积分（每件）',
    stock: '库存（件）',
    limit: '每人最多兑换（件）',
    limitHint: '不填则不限',
    from: '开始兑换时间',
    fromHint: '不填则马上可以兑换',
    until: '结束兑换时间',
    untilHint: '不填则一直可以兑换',
    picture: '礼品图片',
    presets: '选一张常用图片，或者上传照片：',
    upload: '上传照片',
    noPicture: '不要图片',
    pictureBad: '这张照片读不出来，请换一张。',
    submit: '上架',
    created: '已上架：{name}',
    fix: '请按提示改正后再提交。',
    noCommunity: '您还没有负责的社区',
    rice: '大米',
    oil: '食用油',
    bag: '环保袋',
    detergent: '洗衣液',
    towel: '毛巾',
  },
  en: {
    title: 'New gift',
    where: 'For: {name}',
    name: 'Name',
    description: 'Description',
    optional: 'Optional',
    cost: 'Points (each)',
    stock: 'Stock',
    limit: 'Most per person',
    limitHint: 'Leave empty for no limit',
    from: 'Open from',
    fromHint: 'Leave empty to open now',
    until: 'Open until',
    untilHint: 'Leave empty to keep it open',
    picture: 'Picture',
    presets: 'Choose a common picture, or upload a photo:',
    upload: 'Upload a photo',
    noPicture: 'No picture',
    pictureBad: 'This photo cannot be read. Please choose another.',
    submit: 'Offer it',
    created: 'Now on offer: {name}',
    fix: 'Please correct the marked fields.',
    noCommunity: 'You do not run a community yet',
    rice: 'Rice',
    oil: 'Cooking oil',
    bag: 'Eco bag',
    detergent: 'Detergent',
    towel: 'Towel',
  },
});

const PRESETS = ['rice', 'oil', 'bag', 'detergent', 'towel'] as const;

interface Form {
  name: string;
  description: string;
  cost: string;
  stock: string;
  limitPerUser: string;
  availableFrom: string;
  availableUntil: string;
  imageUrl: string;
}
/** `datetime-local` (wall-clock time in the deployment's zone, src/time.ts) → ISO UTC. */
const iso = (local: string) => fromZoneInput(local) || undefined;

/** The request body of the form; checked with the API's own RewardInput before it is sent. */
const bodyOf = (f: Form, communityId: string) => ({
  communityId,
  name: f.name.trim(),
  cost: numberOrUndefined(f.cost),
  stock: numberOrUndefined(f.stock),
  description: f.description.trim() || undefined,
  limitPerUser: numberOrUndefined(f.limitPerUser),
  imageUrl: f.imageUrl || undefined,
  availableFrom: iso(f.availableFrom),
  availableUntil: iso(f.availableUntil),
});

function GiftForm({ community }: { community: ManagedCommunity }) {
  const [f, setF] = useState<Form>({
    name: '',
    description: '',
    cost: '',
    stock: '',
    limitPerUser: '',
    availableFrom: '',
    availableUntil: '',
    imageUrl: '',
  });
  const [apiError, setApiError] = useState<ApiError | undefined>();
  const [pictureError, setPictureError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Form) => (v: string) => {
    setF({ ...f, [k]: v });
    setApiError(withoutField(apiError, k)); // corrected: stop showing the old message
  };
  const back = buildPath('/organize/rewards', {}, { c: community.id, tab: 'gifts' });

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setPictureError(undefined);
    try {
      setF({ ...f, imageUrl: await pictureDataUrl(file) });
    } catch {
      setPictureError(m.t('pictureBad'));
    }
  };

  const submit = async () => {
    // What is wrong before asking the API (which checks again with the same schema and names fields the same way).
    const v = validate((await formSchemas()).RewardInput, bodyOf(f, community.id));
    setApiError(v.ok ? undefined : v.error);
    if (!v.ok) return;
    setBusy(true);
    try {
      const g = await call(api.rewards.$post({ json: v.data }));
      toast(m.t('created', { name: g.name }));
      navigate(back);
    } catch (err) {
      setApiError(err as ApiError);
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p class="big-line">{m.t('where', { name: community.name })}</p>
      <Card>
        <Input label={m.t('name')} path="name" value={f.name} onValue={set('name')} maxLength={40} error={apiError} />
        <Input
          label={m.t('description')}
          path="description"
          value={f.description}
          onValue={set('description')}
          maxLength={200}
          hint={m.t('optional')}
          error={apiError}
        />
        <Input
          label={m.t('cost')}
          path="cost"
          value={f.cost}
          onValue={set('cost')}
          inputMode="numeric"
          error={apiError}
        />
        <Input
          label={m.t('stock')}
          path="stock"
          value={f.stock}
          onValue={set('stock')}
          inputMode="numeric"
          error={apiError}
        />
        <Input
          label={m.t('limit')}
          path="limitPerUser"
          value={f.limitPerUser}
          onValue={set('limitPerUser')}
          inputMode="numeric"
          hint={m.t('limitHint')}
          error={apiError}
        />
        <Input
          label={m.t('from')}
          path="availableFrom"
          type="datetime-local"
          value={f.availableFrom}
          onValue={set('availableFrom')}
          hint={m.t('fromHint')}
          error={apiError}
        />
        <Input
          label={m.t('until')}
          path="availableUntil"
          type="datetime-local"
          value={f.availableUntil}
          onValue={set('availableUntil')}
          hint={m.t('untilHint')}
          error={apiError}
        />
      </Card>
      <Card title={m.t('picture')}>
        <p class="muted">{m.t('presets')}</p>
        <div class="picture-choices">
          {PRESETS.map((p) => {
            const url = `/gifts/${p}.svg`;
            return (
              <button
                type="button"
                key={p}
                class={`picture-choice${f.imageUrl === url ? ' picture-chosen' : ''}`}
                aria-pressed={f.imageUrl === url ? 'true' : 'false'}
                aria-label={m.t(p)}
                onClick={() => set('imageUrl')(url)}
              >
                <img src={url} alt="" width={64} height={64} />
              </button>
            );
          })}
        </div>
        {/* The native file button speaks the browser's language and is small: a big labelled one instead. */}
        <label class="btn btn-secondary btn-block file-button">
          {m.t('upload')}
          <input
            class="sr-only"
            type="file"
            name="photo"
            accept="image/png,image/jpeg,image/webp,image/*"
            onChange={(e) => void onFile(e.currentTarget.files?.[0])}
          />
        </label>
        {(pictureError ?? apiError?.fieldError('imageUrl')) && (
          <div class="field-error" role="alert">
            {pictureError ?? apiError?.fieldError('imageUrl')}
          </div>
        )}
        {f.imageUrl && (
          <div class="staff-row">
            <GiftImage url={f.imageUrl} size={120} />
            <Button variant="secondary" onClick={() => set('imageUrl')('')}>
              {m.t('noPicture')}
            </Button>
          </div>
        )}
      </Card>
      {apiError && (
        <Notice kind="error">
          <p>{apiError && !apiError.errors.length ? problemMessage(apiError) : m.t('fix')}</p>
        </Notice>
      )}
      <Button type="submit" block loading={busy}>
        {m.t('submit')}
      </Button>
    </form>
  );
}

/** 新增礼品: name, cost, stock, limit per person, when it can be had, description and a picture. */
export default function NewGift({ query }: PageProps) {
  const s = useSession();
  const org = useApi(() => call(api.org.$get()), []);
  const me = s.status === 'ready' ? s.me : undefined;
  const communities = me && org.data ? managedCommunities(me.roles, org.data) : [];
  const community = communities.find((c) => c.id === query.get('c')) ?? communities[0];
  return (
    <Page title={m.t('title')} back={buildPath('/organize/rewards', {}, { c: community?.id, tab: 'gifts' })}>
      {org.error ? (
        <ErrorNotice error={org.error} onRetry={org.reload} />
      ) : !org.data || !me ? (
        <Loading />
      ) : community ? (
        <GiftForm community={community} />
      ) : (
        <Empty title={m.t('noCommunity')} icon="tools" />
      )}
    </Page>
  );
}
