import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import type { PageProps } from '../../routes.js';
import { navigate } from '../../router.js';
import { useApi } from '../../use-api.js';
import { Button, ErrorNotice, Loading, QrCode } from '../../ui/index.js';
import { checkinLink, timeRange } from '../activities/data.js';
import './organize.css';

const m = messages({
  zh: {
    scan: '请用手机扫码签到 / 签退',
    code: '签到码',
    changes: '{s} 秒后更换',
    present: '已签到 {n} 人',
    fullscreen: '全屏显示',
    close: '退出',
    qr: '签到二维码',
  },
  en: {
    scan: 'Scan with your phone to check in / out',
    code: 'Check-in code',
    changes: 'changes in {s} s',
    present: '{n} checked in',
    fullscreen: 'Full screen',
    close: 'Close',
    qr: 'Check-in QR code',
  },
});

interface Code {
  code: string;
  expiresAt: string;
}

/**
 * The venue screen: a full-screen QR code that changes every 30 s (fetched again as each one expires), the
 * code in big digits for typing, a countdown, and how many have checked in. Keeps the screen awake.
 */
export default function LiveQrPage({ params }: PageProps) {
  const id = params.id!;
  const a = useApi(() => call(api.activities[':id'].$get({ param: { id } })), [id]);
  const [code, setCode] = useState<Code>();
  const [error, setError] = useState<unknown>();
  const [now, setNow] = useState(Date.now());
  const [present, setPresent] = useState<string>();

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = async () => {
      try {
        const c = await call(api.activities[':id']['checkin-code'].$get({ param: { id } }));
        if (!live) return;
        setCode(c);
        setError(undefined);
        // Fetch the next code just after this one stops being current (server clock decides).
        timer = setTimeout(() => void next(), Math.max(1000, Date.parse(c.expiresAt) - Date.now() + 300));
      } catch (e) {
        if (!live) return;
        setError(e);
        timer = setTimeout(() => void next(), 5000);
      }
    };
    void next();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    let live = true;
    const count = async () => {
      try {
        const r = await call(api.activities[':id'].attendance.$get({ param: { id }, query: { limit: '100' } }));
        if (live) setPresent(r.nextCursor ? `${r.items.length}+` : String(r.items.length));
      } catch {
        // the count is a nicety; the code matters
      }
    };
    void count();
    const poll = setInterval(() => void count(), 10_000);
    return () => {
      live = false;
      clearInterval(tick);
      clearInterval(poll);
    };
  }, [id]);

  useEffect(() => {
    // A venue screen must not dim while people queue to scan.
    let lock: { release(): Promise<void> } | undefined;
    const wl = (navigator as { wakeLock?: { request(t: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock;
    wl?.request('screen')
      .then((l) => (lock = l))
      .catch(() => undefined);
    return () => void lock?.release().catch(() => undefined);
  }, []);

  if (a.loading && !a.data) return <Loading />;
  if (a.error || !a.data) return <ErrorNotice error={a.error} onRetry={a.reload} />;
  const left = code ? Math.max(0, Math.ceil((Date.parse(code.expiresAt) - now) / 1000)) : 30;
  return (
    <div class="live-qr" data-testid="live-qr">
      <h1>{a.data.title}</h1>
      <p class="muted">{timeRange(a.data)}</p>
      <p class="big-line">{m.t('scan')}</p>
      {code ? (
        <QrCode text={checkinLink(window.location.origin, id, code.code)} size={300} label={m.t('qr')} />
      ) : error ? (
        <ErrorNotice error={error} />
      ) : (
        <Loading />
      )}
      {code && (
        <>
          <div class="muted">{m.t('code')}</div>
          <div class="live-code" data-testid="live-code" data-code={code.code}>
            {code.code.slice(0, 3)} {code.code.slice(3)}
          </div>
          <div class="live-bar" aria-hidden="true">
            <div style={{ width: `${(left / 30) * 100}%` }} />
          </div>
          <div class="muted">{m.t('changes', { s: left })}</div>
        </>
      )}
      {error !== undefined && code && <p class="muted small">{problemMessage(error)}</p>}
      {present !== undefined && (
        <p class="big-line" data-testid="live-present">
          {m.t('present', { n: present })}
        </p>
      )}
      <div class="live-actions">
        <Button
          variant="secondary"
          onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
        >
          {m.t('fullscreen')}
        </Button>
        <Button variant="secondary" onClick={() => navigate(`/organize/activities/${id}`)}>
          {m.t('close')}
        </Button>
      </div>
    </div>
  );
}
