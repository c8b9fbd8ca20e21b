import { messages } from '../i18n/index.js';
import { applyUpdate, updateReady } from '../pwa.js';
import { useStore } from '../store.js';

const m = messages({
  zh: { text: '社区积分有新版本', reload: '刷新' },
  en: { text: 'A new version of the app is ready', reload: 'Reload' },
});

/** A bar above the bottom navigation when a new version was deployed; the person chooses when to reload. */
export function UpdatePrompt() {
  const ready = useStore(updateReady);
  if (!ready) return null;
  return (
    <div class="update-prompt" role="status" data-testid="update-prompt">
      <span>{m.t('text')}</span>
      <button type="button" class="btn btn-secondary" onClick={() => void applyUpdate()}>
        {m.t('reload')}
      </button>
    </div>
  );
}
