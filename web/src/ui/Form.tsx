import type { ComponentChildren } from 'preact';

/**
 * A form that runs `onSubmit` in the page instead of sending the browser anywhere: Enter and the submit button both
 * call it (with no arguments), and its promise is the page's own (useAction keeps its failure).
 */
export function Form(props: { onSubmit: () => unknown; testId?: string; children: ComponentChildren }) {
  return (
    <form
      data-testid={props.testId}
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
}
