import type { VNode } from 'preact';
import { api, call, type Me, type Org } from '../../api.js';
import { useSession } from '../../session.js';
import { Empty, ErrorNotice, Loading, Page } from '../../ui/index.js';
import { useApi } from '../../use-api.js';

/** What `useOrganizerScope` answers: `gate` is the page to show instead while there is nothing to run. */
export type OrganizerScope<T> =
  { gate: VNode; items: T[]; me: Me | undefined; org: Org | undefined } | { gate: null; items: T[]; me: Me; org: Org };

/**
 * The part of an organiser page before its work: the signed-in person, the org tree, and what `pick` says they run
 * in it (communities they manage, streets they oversee). Until that is known, and when it is empty, `gate` is the
 * page to render — the org tree's error, the spinner, or the page's title over `none` — so each page does not write
 * the same three returns again.
 */
export function useOrganizerScope<T>(
  pick: (me: Me, org: Org) => T[],
  page: { title: string; none: string; intro?: string },
): OrganizerScope<T> {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const org = useApi(() => call(api.org.$get()), []);
  const items = me && org.data ? pick(me, org.data) : [];
  if (org.error) return { gate: <ErrorNotice error={org.error} onRetry={org.reload} />, items, me, org: org.data };
  if (!me || !org.data) return { gate: <Loading />, items, me, org: org.data };
  if (items.length === 0) {
    const gate = (
      <Page title={page.title} back="/organize">
        {page.intro && <p class="muted">{page.intro}</p>}
        <Empty title={page.none} icon="tools" />
      </Page>
    );
    return { gate, items, me, org: org.data };
  }
  return { gate: null, items, me, org: org.data };
}
