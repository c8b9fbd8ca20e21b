import { useEffect } from 'preact/hooks';
import { useLang } from '../i18n/index.js';
import { listenToHistory } from '../router.js';
import { loadMe } from '../session.js';
import { token } from '../token.js';
import { useStore } from '../store.js';
import { zone } from '../time.js';
import { Toaster } from '../ui/Toast.js';
import { BottomNav } from './BottomNav.js';
import { Header } from './Header.js';
import { RouteView } from './RouteView.js';
import { UpdatePrompt } from './UpdatePrompt.js';

/** The shell: header, the current page, the bottom navigation and toasts. */
export function App() {
  // Re-render everything on a language switch: every `m.t()` then reads the new language.
  const language = useLang();
  const t = useStore(token);
  // …and when the deployment's zone arrives (src/time.ts), so every time shown is redrawn in it.
  useStore(zone);
  useEffect(() => listenToHistory(), []);
  useEffect(() => {
    // Joins the profile read main.tsx started before the first render; after a sign-in, asks for it.
    if (t) void loadMe({ join: true });
  }, [t]);
  return (
    <div class="app" data-lang={language}>
      <Header />
      <main class="app-main">
        <RouteView />
      </main>
      <BottomNav />
      <UpdatePrompt />
      <Toaster />
    </div>
  );
}
