import type { ComponentChildren } from 'preact';
import { navigate } from '../router.js';

/** An in-app link: a real `<a href>` (long-press, new tab work) that navigates without a reload. */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  replace?: boolean;
  'aria-current'?: 'page' | undefined;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  const { href, replace, children, ...rest } = props;
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href, { replace });
      }}
    >
      {children}
    </a>
  );
}
