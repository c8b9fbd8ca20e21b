import { registerSW } from 'virtual:pwa-register';
import { store } from './store.js';
import { token } from './token.js';

/** True when a new version has been downloaded and waits for the person's 刷新 (UpdatePrompt shows it). */
export const updateReady = store(false);

/** Runtime cache of API reads (vite.config.ts `runtimeCaching`); one person's data, so emptied on sign-out. */
const API_CACHE = 'api';
/** How often an open app asks whether a new version was deployed (besides each navigation's own check). */
const UPDATE_CHECK_MS = 60 * 60_000;

let activate: ((reload?: boolean) => Promise<void>) | undefined;

/**
 * Registers the service worker (precached shell: the app opens with no network) and wires the update prompt.
 * A browser without service workers simply runs the app online.
 */
export function startPwa(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  activate = registerSW({
    immediate: true,
    onNeedRefresh: () => updateReady.set(true),
    onRegisteredSW: (_url, reg) => {
      if (reg) setInterval(() => void reg.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
  });
  token.subscribe((t) => {
    if (!t && typeof caches !== 'undefined') void caches.delete(API_CACHE);
  });
}

/** Switches to the waiting version and reloads the page into it. */
export async function applyUpdate(): Promise<void> {
  updateReady.set(false);
  // registerSW reloads only when the page was already controlled at its load; a page opened on the very first
  // visit (taken over by clientsClaim) would stay on the old code, so reload on the switch ourselves.
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  await activate?.(true);
}
