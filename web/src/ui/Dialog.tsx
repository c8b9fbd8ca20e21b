import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A modal panel (a bottom sheet on phones) for a confirm step or a result. It takes the focus, gives it
 * back when closed, and stops the page behind from scrolling. It closes only through its own buttons or
 * Escape (`onClose`), never by a stray tap beside it; leave `onClose` out while a request is running.
 */
export function Dialog(props: { title: string; onClose?: () => void; children: ComponentChildren; testId?: string }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && onClose.current) onClose.current();
    };
    document.addEventListener('keydown', onKey);
    document.body.classList.add('dialog-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('dialog-open');
      before?.focus?.();
    };
  }, []);
  return (
    <div class="dialog-backdrop">
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        tabIndex={-1}
        ref={box}
        data-testid={props.testId}
      >
        <h2 id={id} class="dialog-title">
          {props.title}
        </h2>
        {props.children}
      </div>
    </div>
  );
}
