import { common } from '../i18n/common.js';
import { problemMessage } from '../problems.js';
import { Button } from './Button.js';
import { Notice } from './Toast.js';

/** A centred spinner with the word, for a page or a section that is loading. */
export function Loading({ label }: { label?: string }) {
  return (
    <div class="loading" aria-busy="true">
      <span class="spinner spinner-dark" aria-hidden="true" />
      <span>{label ?? common.t('loading')}</span>
    </div>
  );
}

/** A failed load: the problem in words the person understands, and a retry button. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Notice kind="error">
      <p>{problemMessage(error)}</p>
      {onRetry && (
        <Button variant="secondary" onClick={onRetry}>
          {common.t('retry')}
        </Button>
      )}
    </Notice>
  );
}
