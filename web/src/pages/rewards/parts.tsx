import { useEffect, useState } from 'preact/hooks';
import { pickupQrText } from '../../../../shared/pickup.js';
import { messages } from '../../i18n/index.js';
import { dateTime } from '../../time.js';
import { Icon, QrCode } from '../../ui/index.js';
import { groupCode, timeLeft } from './logic.js';
import './rewards.css';

/** Words the rewards screens share (resident and staff). */
export const rw = messages({
  zh: {
    points: '{n} 积分',
    stock: '库存 {n} 件',
    quantity: '× {n}',
    pickupCode: '取货码',
    qrLabel: '取货二维码',
    showStaff: '请到社区服务站出示二维码或取货码领取',
    expiresAt: '到期：{when}',
    left: '还剩 {t}',
    days: '{d} 天 {h} 小时',
    hours: '{h} 小时 {m} 分',
    minutes: '{m} 分钟',
    expired: '已到期，积分会自动退回',
    reserved: '待领取',
    fulfilled: '已领取',
    cancelled: '已取消',
    expiredStatus: '已过期',
  },
  en: {
    points: '{n} points',
    stock: '{n} in stock',
    quantity: '× {n}',
    pickupCode: 'Pickup code',
    qrLabel: 'Pickup QR code',
    showStaff: 'Show the QR code or the pickup code at the community service station',
    expiresAt: 'Collect by {when}',
    left: '{t} left',
    days: '{d} d {h} h',
    hours: '{h} h {m} min',
    minutes: '{m} min',
    expired: 'Expired; the points come back automatically',
    reserved: 'To collect',
    fulfilled: 'Collected',
    cancelled: 'Cancelled',
    expiredStatus: 'Expired',
  },
});

/** The current time, refreshed every `everyMs` (for countdowns). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** 还剩 6 天 5 小时 / 已到期. */
export function countdown(until: string, now: number): string {
  const t = timeLeft(until, now);
  if (!t) return rw.t('expired');
  const text =
    t.days > 0
      ? rw.t('days', { d: t.days, h: t.hours })
      : t.hours > 0
        ? rw.t('hours', { h: t.hours, m: t.minutes })
        : rw.t('minutes', { m: t.minutes });
  return rw.t('left', { t: text });
}

/** The gift's picture in a fixed box (a missing or broken picture leaves a plain gift mark). */
export function GiftImage({ url, size = 96 }: { url: string | null; size?: number }) {
  const [broken, setBroken] = useState(false);
  const style = { width: `${size}px`, height: `${size}px` };
  if (!url || broken) {
    return (
      <div class="gift-img gift-img-none" style={style} aria-hidden="true">
        <Icon name="gift" size={Math.round(size / 2)} />
      </div>
    );
  }
  return <img class="gift-img" src={url} alt="" style={style} loading="lazy" onError={() => setBroken(true)} />;
}

/**
 * What a resident shows at the service station: the QR code (`cp-pickup:<id>:<code>`), the 6-digit code
 * in large type, and when it expires with a countdown.
 */
export function PickupPanel(props: { id: string; code: string; expiresAt: string; qrSize?: number }) {
  const now = useNow();
  const expired = !timeLeft(props.expiresAt, now);
  return (
    <div class="pickup" data-testid="pickup">
      {!expired && (
        <QrCode text={pickupQrText(props.id, props.code)} size={props.qrSize ?? 220} label={rw.t('qrLabel')} />
      )}
      <div class="pickup-label">{rw.t('pickupCode')}</div>
      <div
        class={`pickup-code${expired ? ' pickup-code-expired' : ''}`}
        data-testid="pickup-code"
        data-code={props.code}
      >
        {groupCode(props.code)}
      </div>
      <p class="pickup-expiry" data-testid="pickup-expiry">
        <strong>{expired ? rw.t('expired') : countdown(props.expiresAt, now)}</strong>
        <br />
        <span class="muted">{rw.t('expiresAt', { when: dateTime(props.expiresAt) })}</span>
      </p>
      {!expired && <p class="pickup-hint">{rw.t('showStaff')}</p>}
    </div>
  );
}
