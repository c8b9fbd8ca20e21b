import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { store, useStore } from '../store.js';

export type NoticeKind = 'info' | 'success' | 'error';
interface Toast {
  id: number;
  text: string;
  kind: NoticeKind;
}

const toasts = store<Toast[]>([]);
let seq = 0;

/** Shows a short message at the bottom of the screen (「已保存」); it goes away by itself. */
export function toast(text: string, kind: NoticeKind = 'success'): void {
  toasts.set([...toasts.get(), { id: ++seq, text, kind }]);
}

const dismiss = (id: number) => toasts.set(toasts.get().filter((t) => t.id !== id));

function ToastItem({ t }: { t: Toast }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(t.id), t.kind === 'error' ? 6000 : 3500);
    return () => clearTimeout(timer);
  }, [t]);
  return (
    <div class={`toast toast-${t.kind}`} onClick={() => dismiss(t.id)}>
      {t.text}
    </div>
  );
}

/** The shell renders this once; pages call `toast()`. */
export function Toaster() {
  const list = useStore(toasts);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <ToastItem key={t.id} t={t} />
      ))}
    </div>
  );
}

/** A message that stays in the page (an error under a form, a hint above a list). */
export function Notice(props: { kind?: NoticeKind; children: ComponentChildren; testId?: string }) {
  const kind = props.kind ?? 'info';
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : undefined} data-testid={props.testId}>
      {props.children}
    </div>
  );
}
