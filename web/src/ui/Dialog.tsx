import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/** What Tab can reach inside the dialog, in document order. */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/**
 * A modal panel (a bottom sheet on phones) for a confirm step or a result. It takes the focus, gives it
 * back when closed, and stops the page behind from scrolling. It closes only through its own buttons or
 * Escape (`onClose`), never by a stray tap beside it; leave `onClose` out while a request is running.
 * While open it keeps the focus inside (WCAG 2.4.3 / 2.4.11): Tab from the last control wraps to the first and
 * Shift+Tab from the first to the last, so a keyboard or switch user never lands on the page behind it.
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
      if (e.key !== 'Tab' || !box.current) return;
      const items = focusables(box.current);
      if (items.length === 0) {
        e.preventDefault();
        box.current.focus();
        return;
      }
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const at = document.activeElement;
      const outside = !box.current.contains(at);
      if (e.shiftKey && (at === first || at === box.current || outside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (at === last || outside)) {
        e.preventDefault();
        first.focus();
      }
    };
    // Focus that arrives behind the dialog some other way (a click on the backdrop, a script) comes back.
    const onFocusIn = (e: FocusEvent) => {
      if (box.current && e.target instanceof Node && !box.current.contains(e.target)) box.current.focus();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocusIn);
    document.body.classList.add('dialog-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocusIn);
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
