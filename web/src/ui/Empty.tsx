import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './icons.js';

/** What a list shows when there is nothing in it yet, with an optional next step. */
export function Empty(props: { title: string; hint?: string; icon?: IconName; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <Icon name={props.icon ?? 'inbox'} size={56} />
      <p class="empty-title">{props.title}</p>
      {props.hint && <p class="empty-hint">{props.hint}</p>}
      {props.children}
    </div>
  );
}
