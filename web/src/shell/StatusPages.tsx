import { common } from '../i18n/common.js';
import { Button } from '../ui/Button.js';
import { Empty } from '../ui/Empty.js';
import { Page } from '../ui/Page.js';

/** Any path that is not a route. */
export function NotFound() {
  return (
    <Page title={common.t('notFound')}>
      <Empty title={common.t('notFound')} hint={common.t('notFoundHint')} icon="inbox">
        <Button href="/">{common.t('goHome')}</Button>
      </Empty>
    </Page>
  );
}

/** A route that needs a role the person does not hold. */
export function Forbidden() {
  return (
    <Page title={common.t('forbidden')}>
      <Empty title={common.t('forbidden')} hint={common.t('forbiddenHint')} icon="user">
        <Button href="/">{common.t('goHome')}</Button>
      </Empty>
    </Page>
  );
}
