import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { refreshUnread, unread } from '../../unread.js';
import { shortDateTime } from '../../time.js';
import { useApi } from '../../use-api.js';
import { Button, Card, Empty, ErrorNotice, Loading, Page } from '../../ui/index.js';
import { hrefOf } from './refs.js';
import './notifications.css';

const m = messages({
  zh: {
    title: '消息',
    empty: '还没有消息',
    emptyHint: '活动提醒、候补成功、时长确认等都会发到这里。',
    readAll: '全部标为已读',
    unread: '未读',
    more: '加载更多',
    settings: '通知设置',
  },
  en: {
    title: 'Messages',
    empty: 'No messages yet',
    emptyHint: 'Reminders, waitlist places, confirmed hours and more arrive here.',
    readAll: 'Mark all read',
    unread: 'Unread',
    more: 'Load more',
    settings: 'Notification settings',
  },
});

type Inbox = Awaited<ReturnType<typeof load>>;
type Item = Inbox['items'][number];

const load = (cursor?: string) =>
  call(api.me.notifications.$get({ query: { limit: '20', ...(cursor ? { cursor } : {}) } }));

/** 消息: the inbox, newest first; opening a notice marks it read and goes where it points. */
export default function InboxPage() {
  const r = useApi(() => load(), []);
  const [extra, setExtra] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const items = [...(r.data?.items ?? []), ...extra];
  const next = cursor === undefined ? r.data?.nextCursor : cursor;

  const markRead = async (ids?: string[]) => {
    await call(api.me.notifications.read.$post({ json: ids ? { ids } : {} }));
    await refreshUnread();
  };
  const open = async (n: Item) => {
    if (!n.readAt) await markRead([n.id]).catch(() => undefined);
    const href = hrefOf(n.ref);
    if (href) navigate(href);
    else r.reload();
  };
  const readAll = async () => {
    setBusy(true);
    try {
      await markRead();
      setExtra([]);
      setCursor(undefined);
      r.reload();
    } finally {
      setBusy(false);
    }
  };
  const more = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const page = await load(next);
      setExtra((xs) => [...xs, ...page.items]);
      setCursor(page.nextCursor);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={m.t('title')}
      back="/me"
      actions={
        <Button variant="secondary" href="/me/preferences">
          {m.t('settings')}
        </Button>
      }
    >
      {r.loading && !r.data && <Loading />}
      {r.error && <ErrorNotice error={r.error} onRetry={r.reload} />}
      {r.data && items.length === 0 && <Empty title={m.t('empty')} hint={m.t('emptyHint')} />}
      {items.length > 0 && (
        <>
          {(r.data?.unread ?? 0) > 0 && unread.get() > 0 && (
            <Button variant="secondary" block loading={busy} onClick={() => void readAll()}>
              {m.t('readAll')}
            </Button>
          )}
          <ul class="notice-list" data-testid="inbox">
            {items.map((n) => (
              <li key={n.id}>
                <button
                  type="button"
                  class={`notice-item${n.readAt ? '' : ' notice-unread'}`}
                  data-testid="notice"
                  data-kind={n.kind}
                  onClick={() => void open(n)}
                >
                  <Card>
                    <div class="notice-head">
                      <strong class="notice-title">{n.title}</strong>
                      {!n.readAt && <span class="notice-dot">{m.t('unread')}</span>}
                    </div>
                    <p class="notice-body">{n.body}</p>
                    <time class="notice-time" dateTime={n.createdAt}>
                      {shortDateTime(n.createdAt)}
                    </time>
                  </Card>
                </button>
              </li>
            ))}
          </ul>
          {next && (
            <Button variant="secondary" block loading={busy} onClick={() => void more()}>
              {m.t('more')}
            </Button>
          )}
        </>
      )}
    </Page>
  );
}
