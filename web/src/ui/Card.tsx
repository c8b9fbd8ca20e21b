import type { ComponentChildren } from 'preact';

/** A white panel grouping one thing (an activity, a reward, a profile section). */
export function Card(props: { title?: string; children?: ComponentChildren; class?: string; testId?: string }) {
  return (
    <div class={`card ${props.class ?? ''}`} data-testid={props.testId}>
      {props.title && <h2 class="card-title">{props.title}</h2>}
      {props.children}
    </div>
  );
}
