import { useEffect, useState } from 'preact/hooks';
import { NOTICE_KINDS, type NoticeKind } from '../../../../shared/notice-kinds.js';
import { api, call } from '../../api.js';
import { messages, setLang } from '../../i18n/index.js';
import { useAction } from '../../use-action.js';
import { useApi } from '../../use-api.js';
import { formSchemas, parse } from '../../validate.js';
import { Button, Card, ErrorNotice, Form, FormProblem, Loading, Page, toast } from '../../ui/index.js';
import './notifications.css';

const m = messages({
  zh: {
    title: '通知设置',
    language: '消息语言',
    zh: '中文',
    en: 'English',
    sms: '以下消息同时发短信',
    smsHint: '所有消息都会出现在“消息”里。晚上 9 点到早上 8 点不发短信，早上 8 点再发。',
    save: '保存',
    saved: '已保存',
    'activity-reminder': '活动提醒（开始前 24 小时和 2 小时）',
    'waitlist-promoted': '候补转为正式报名',
    'activity-changed': '活动有变更',
    'activity-cancelled': '活动取消',
    'hours-confirmed': '服务时长已确认',
    'no-show': '缺席记录',
    'redemption-reserved': '兑换成功（取货码）',
    'reservation-expiring': '兑换即将过期（提前 24 小时）',
    'reservation-expired': '兑换已过期、积分已退回',
    'correction-answered': '纠错申请已处理',
  },
  en: {
    title: 'Notification settings',
    language: 'Language of messages',
    zh: '中文',
    en: 'English',
    sms: 'Also text me these',
    smsHint: 'Every message appears under Messages. No texts from 9 pm to 8 am; they go out at 8 am.',
    save: 'Save',
    saved: 'Saved',
    'activity-reminder': 'Activity reminders (24 h and 2 h before)',
    'waitlist-promoted': 'A place from the waitlist',
    'activity-changed': 'An activity changed',
    'activity-cancelled': 'An activity cancelled',
    'hours-confirmed': 'Service hours confirmed',
    'no-show': 'Recorded as absent',
    'redemption-reserved': 'Gift reserved (pickup code)',
    'reservation-expiring': 'Reservation lapses in 24 h',
    'reservation-expired': 'Reservation lapsed, points refunded',
    'correction-answered': 'Correction request answered',
  },
});

/** 通知设置: the language of notices and which kinds also come by SMS. */
export default function PreferencesPage() {
  const r = useApi(() => call(api.me.preferences.$get()), []);
  const [language, setLanguage] = useState<'zh-CN' | 'en'>('zh-CN');
  const [sms, setSms] = useState<Set<NoticeKind>>(new Set());
  const { busy, error, run } = useAction();
  useEffect(() => {
    if (!r.data) return;
    setLanguage(r.data.language);
    setSms(new Set(r.data.sms));
  }, [r.data]);

  const toggle = (k: NoticeKind) =>
    setSms((cur) => {
      const next = new Set(cur);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  const save = () =>
    run(async () => {
      const json = parse((await formSchemas()).PatchPreferences, {
        language,
        sms: NOTICE_KINDS.filter((k) => sms.has(k)),
      });
      const saved = await call(api.me.preferences.$patch({ json }));
      r.setData(saved);
      // The app speaks the language the person chose for their messages.
      setLang(saved.language === 'en' ? 'en' : 'zh');
      toast(m.t('saved'));
    });

  return (
    <Page title={m.t('title')} back="/me/notifications">
      {r.loading && !r.data && <Loading />}
      {r.error && <ErrorNotice error={r.error} onRetry={r.reload} />}
      {r.data && (
        <Form onSubmit={save} testId="preferences">
          <Card title={m.t('language')}>
            <div class="pref-lang" role="radiogroup" aria-label={m.t('language')}>
              {(['zh-CN', 'en'] as const).map((l) => (
                <label key={l}>
                  <input
                    type="radio"
                    name="language"
                    value={l}
                    checked={language === l}
                    onChange={() => setLanguage(l)}
                  />
                  <span lang={l}>{l === 'en' ? m.t('en') : m.t('zh')}</span>
                </label>
              ))}
            </div>
          </Card>
          <Card title={m.t('sms')}>
            <p class="muted">{m.t('smsHint')}</p>
            <ul class="pref-kinds">
              {NOTICE_KINDS.map((k) => (
                <li key={k}>
                  <label>
                    <input type="checkbox" name={k} checked={sms.has(k)} onChange={() => toggle(k)} />
                    <span>{m.t(k)}</span>
                  </label>
                </li>
              ))}
            </ul>
          </Card>
          <FormProblem error={error} placed={[]} />
          <Button type="submit" block loading={busy}>
            {m.t('save')}
          </Button>
        </Form>
      )}
    </Page>
  );
}
