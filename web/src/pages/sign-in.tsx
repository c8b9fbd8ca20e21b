import { useState } from 'preact/hooks';
import { api, call } from '../api.js';
import { messages } from '../i18n/index.js';
import { groupPhone } from '../format.js';
import { navigate } from '../router.js';
import type { PageProps } from '../routes.js';
import { startSession } from '../session.js';
import { Button, Card, FormProblem, fieldErrors, Input, Link, Notice, Page } from '../ui/index.js';
import { useAction } from '../use-action.js';
import { formSchemas, onField, parse } from '../validate.js';

const m = messages({
  zh: {
    title: '登录',
    intro: '用手机号登录。我们会给您的手机发送 6 位验证码。',
    phone: '手机号',
    phoneHint: '11 位手机号',
    send: '获取验证码',
    sentTo: '验证码已发送到 {phone}',
    code: '验证码',
    codeHint: '短信里的 6 位数字',
    wrongCode: '验证码不对或已过期，请重新输入或重新获取。',
    submit: '登录',
    resend: '重新获取验证码',
    otherPhone: '换一个手机号',
    devHint: '本地开发：验证码在这里',
    consent: '首次登录即表示您已阅读并同意',
    privacy: '《隐私政策》',
  },
  en: {
    title: 'Sign in',
    intro: 'Sign in with your phone number. We will text you a 6-digit code.',
    phone: 'Phone number',
    phoneHint: '11-digit mobile number',
    send: 'Get code',
    sentTo: 'Code sent to {phone}',
    code: 'Code',
    codeHint: 'The 6 digits in the text message',
    wrongCode: 'The code is wrong or expired. Enter it again or get a new one.',
    submit: 'Sign in',
    resend: 'Get a new code',
    otherPhone: 'Use another number',
    devHint: 'Local development: your code is here',
    consent: 'Signing in for the first time means you have read and agree to the',
    privacy: 'privacy notice',
  },
});

/** Locally the API keeps texts in an outbox; in the cloud the endpoint is 404 and nothing is shown. */
async function devCode(phone: string): Promise<string | undefined> {
  try {
    // Notice texts share the outbox (with no code): the newest text that carries one is the sign-in code.
    return (await call(api.dev.outbox.$get({ query: { phone } }))).items.find((m) => m.code)?.code;
  } catch {
    return undefined;
  }
}

/** Phone + 6-digit code; afterwards back to where the person was going (`?next=`), else 我的. */
export default function SignIn({ query }: PageProps) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const { busy, error, setError, run } = useAction();
  const [hint, setHint] = useState<string | undefined>();

  const send = () =>
    run(async () => {
      const json = parse((await formSchemas()).OtpRequest, { phone: phone.replace(/\s+/g, '') });
      await call(api.auth.otp.$post({ json }));
      setPhone(json.phone);
      setCode('');
      setStep('code');
      setHint(await devCode(json.phone));
    });

  const verify = () =>
    run(async () => {
      const json = parse((await formSchemas()).TokenRequest, { phone, code });
      const r = await call(api.auth.token.$post({ json })).catch((e: unknown) =>
        onField(e, 'unauthorized', 'code', m.t('wrongCode')),
      );
      startSession(r.token, r.user);
      const next = query.get('next');
      // Only in-app paths, so a crafted link cannot send people elsewhere.
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/me', { replace: true });
    });

  return (
    <Page title={m.t('title')}>
      <Card>
        <p class="lead">{m.t('intro')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void (step === 'phone' ? send() : verify());
          }}
        >
          {step === 'phone' ? (
            <Input
              label={m.t('phone')}
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={13}
              hint={m.t('phoneHint')}
              value={phone}
              onValue={setPhone}
              error={fieldErrors(error)}
              autoFocus
            />
          ) : (
            <>
              <p class="muted">{m.t('sentTo', { phone: groupPhone(phone) })}</p>
              {hint && (
                <Notice kind="info" testId="dev-code">
                  {m.t('devHint')}：<strong class="dev-code">{hint}</strong>
                </Notice>
              )}
              <Input
                label={m.t('code')}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                hint={m.t('codeHint')}
                value={code}
                onValue={(v) => setCode(v.replace(/\D/g, ''))}
                error={fieldErrors(error)}
                autoFocus
              />
            </>
          )}
          {/* The first sign-in records consent to the notice's version (API: Privacy), so it is shown before. */}
          <FormProblem error={error} placed={['phone', 'code']} />
          <p class="muted small" data-testid="signin-consent">
            {m.t('consent')} <Link href="/privacy">{m.t('privacy')}</Link>
          </p>
          <Button type="submit" block loading={busy}>
            {step === 'phone' ? m.t('send') : m.t('submit')}
          </Button>
        </form>
        {step === 'code' && (
          <div class="row-actions">
            <Button variant="secondary" onClick={() => void send()} disabled={busy}>
              {m.t('resend')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setStep('phone');
                setError(undefined);
                setHint(undefined);
              }}
            >
              {m.t('otherPhone')}
            </Button>
          </div>
        )}
      </Card>
    </Page>
  );
}
