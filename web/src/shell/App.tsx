import { useEffect, useRef } from 'preact/hooks';
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
  const mounted = useRef(false);
  useEffect(() => {
    // On mounting, main.tsx has already asked for the profile before the first render (and with index.html's
    // early read its answer may be in already, so there is nothing left to join): asking here would read it
    // twice. After a sign-in (the token changed), ask for it.
    const first = !mounted.current;
    mounted.current = true;
    if (t && !first) void loadMe({ join: true });
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
