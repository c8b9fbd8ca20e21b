import type { ComponentChildren } from 'preact';
import { common } from '../i18n/common.js';
import { Link } from './Link.js';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

/**
 * A big tap target (≥ 52 px high). `loading` disables it and shows a spinner, so a slow network never
 * causes a double submit. With `href` it is an in-app link that looks like a button.
 */
export function Button(props: {
  children: ComponentChildren;
  variant?: ButtonVariant;
  type?: 'button' | 'submit';
  loading?: boolean;
  disabled?: boolean;
  block?: boolean;
  href?: string;
  onClick?: () => void;
  'aria-label'?: string;
  /** For a button that shows or hides a part of the page. */
  'aria-expanded'?: boolean;
}) {
  const { variant = 'primary', type = 'button', loading = false, disabled = false, block = false } = props;
  const cls = `btn btn-${variant}${block ? ' btn-block' : ''}`;
  if (props.href) {
    return (
      <Link href={props.href} class={cls}>
        {props.children}
      </Link>
    );
  }
  return (
    <button
      type={type}
      class={cls}
      disabled={disabled || loading}
      aria-busy={loading ? 'true' : undefined}
      aria-label={props['aria-label']}
      aria-expanded={props['aria-expanded']}
      onClick={props.onClick}
    >
      {loading && <span class="spinner" aria-hidden="true" />}
      {loading && <span class="sr-only">{common.t('loading')}</span>}
      <span>{props.children}</span>
    </button>
  );
}
