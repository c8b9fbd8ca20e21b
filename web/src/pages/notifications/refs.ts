/** Where a notice's `ref` leads in the app: the activity, my redemptions, my correction requests. */
export function hrefOf(ref: string): string | undefined {
  const [kind, id] = ref.split(':');
  if (!id) return undefined;
  if (kind === 'activity') return `/activities/${id}`;
  if (kind === 'redemption') return '/rewards/mine';
  if (kind === 'correction') return '/me/service';
  return undefined;
}
