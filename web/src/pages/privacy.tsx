import { api, call } from '../api.js';
import { messages, useLang } from '../i18n/index.js';
import { useApi } from '../use-api.js';
import { Card, ErrorNotice, Loading, Page } from '../ui/index.js';

const m = messages({
  zh: { title: '隐私政策', version: '版本 {v}' },
  en: { title: 'Privacy notice', version: 'Version {v}' },
});

/** 隐私政策: the notice as the API words it (the version a first sign-in consents to), in the UI's language. */
export default function PrivacyPage() {
  const lang = useLang();
  // The client sends the UI's language as Accept-Language, so switching language re-reads the notice.
  const notice = useApi(() => call(api.privacy.$get()), [lang]);
  return (
    <Page title={m.t('title')}>
      <Card testId="privacy-notice">
        {notice.error ? (
          <ErrorNotice error={notice.error} onRetry={notice.reload} />
        ) : !notice.data ? (
          <Loading />
        ) : (
          <>
            <p class="muted small" data-testid="privacy-version">
              {m.t('version', { v: notice.data.version })}
            </p>
            <div class="privacy-text">{notice.data.text}</div>
          </>
        )}
      </Card>
    </Page>
  );
}
