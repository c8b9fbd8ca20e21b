import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { common } from '../i18n/common.js';
import { Icon } from './icons.js';
import { Link } from './Link.js';

/**
 * A screen: its title (also the browser tab's), an optional back link and actions, then the content.
 * Every page renders inside one `<Page>`.
 */
export function Page(props: {
  title: string;
  back?: string;
  actions?: ComponentChildren;
  children?: ComponentChildren;
}) {
  useEffect(() => {
    document.title = `${props.title} · ${common.t('appName')}`;
  }, [props.title]);
  return (
    <section class="page">
      <div class="page-head">
        {props.back && (
          <Link href={props.back} class="page-back">
            <Icon name="back" size={24} label={common.t('back')} />
          </Link>
        )}
        <h1>{props.title}</h1>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </div>
      {props.children}
    </section>
  );
}
