import type { Me, Org } from '../../api.js';
import { messages } from '../../i18n/index.js';

/** Ledger reasons in the words on the notice boards (GLOSSARY.md). */
export const reasonWords = messages({
  zh: {
    volunteer: '志愿服务积分',
    garbage: '垃圾分类积分',
    redeem: '兑换礼品',
    refund: '兑换取消，积分退回',
    adjust: '人工调整',
  },
  en: {
    volunteer: 'Volunteer service',
    garbage: 'Garbage sorting',
    redeem: 'Gift exchange',
    refund: 'Exchange cancelled, points returned',
    adjust: 'Manual correction',
  },
});

export type Reason = Parameters<typeof reasonWords.t>[0];

/** The communities the person may run (staff, organiser; a street organiser all of its street; admin all). */
export function manageableCommunities(me: Me | undefined, org: Org | undefined): { id: string; name: string }[] {
  if (!me || !org) return [];
  const all = org.streets.flatMap((s) => s.communities.map((c) => ({ ...c, streetId: s.id })));
  const admin = me.roles.some((g) => g.role === 'admin');
  return all
    .filter(
      (c) =>
        admin ||
        me.roles.some(
          (g) =>
            (g.role === 'organizer' || g.role === 'staff') &&
            (g.scope === `community:${c.id}` || (g.role === 'organizer' && g.scope === `street:${c.streetId}`)),
        ),
    )
    .map(({ id, name }) => ({ id, name }));
}
