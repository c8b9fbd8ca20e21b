import { rewardSeedGuardKey } from '../../../shared/db/keys.js';
import type { Reward } from '../../../shared/schemas/rewards.js';
import { tableName } from '../../db/client.js';
import { moveBalance } from '../../db/ledger.js';
import { listUserRedemptions } from '../../db/redemptions.js';
import { putReward } from '../../db/rewards.js';
import { getUser } from '../../db/users.js';
import { cancelRedemption, fulfilRedemption, redeem } from '../../services/redemptions.js';
import { once, seedId, type SeedStep } from './context.js';
import { nowIso } from '../../clock.js';

/** The gifts a community service station typically offers, with pictures shipped in web/public/gifts. */
const GIFTS = [
  { key: 'rice', name: '大米', description: '东北大米 5 斤装', cost: 200, stock: 20, limitPerUser: 1 },
  { key: 'oil', name: '食用油', description: '花生油 1.8 升', cost: 150, stock: 30, limitPerUser: 2 },
  { key: 'bag', name: '环保袋', description: '可折叠帆布购物袋', cost: 30, stock: 100 },
  { key: 'detergent', name: '洗衣液', description: '2 公斤装', cost: 80, stock: 40, limitPerUser: 3 },
  { key: 'towel', name: '毛巾', description: '纯棉毛巾一条', cost: 50, stock: 3 },
] as const;

/** What residents of the first communities did: [person index in the community, gift, then]. */
const DEMO_REDEMPTIONS: { person: number; gift: string; then?: 'fulfil' | 'cancel' }[] = [
  { person: 2, gift: 'rice' },
  { person: 3, gift: 'bag' },
  { person: 3, gift: 'towel', then: 'fulfil' },
  { person: 4, gift: 'oil', then: 'cancel' },
  { person: 4, gift: 'detergent' },
];

/**
 * Gifts with pictures in every community, and in the first two communities a few residents who were
 * given points and redeemed some: open reservations (with pickup codes), one collected, one cancelled.
 */
export const rewardsStep: SeedStep = {
  name: '积分兑换礼品 gifts and reservations',
  async run(ctx) {
    for (const c of ctx.communities) {
      for (const g of GIFTS) {
        const reward: Reward = {
          id: seedId(`reward:${c.id}:${g.key}`),
          communityId: c.id,
          name: g.name,
          description: g.description,
          cost: g.cost,
          stock: g.stock,
          limitPerUser: 'limitPerUser' in g ? g.limitPerUser : null,
          imageUrl: `/gifts/${g.key}.svg`,
          availableFrom: null,
          availableUntil: null,
          active: true,
          redeemed: 0,
          createdAt: nowIso(),
        };
        await once(() => putReward(reward));
      }
    }
    let made = 0;
    for (const c of ctx.communities.slice(0, 2)) {
      const residents = ctx.people.filter((p) => p.communityId === c.id);
      const staff = await getUser(ctx.staff.get(c.id)!);
      for (const d of DEMO_REDEMPTIONS) {
        const person = residents[d.person];
        if (!person || !staff) continue;
        const rewardId = seedId(`reward:${c.id}:${d.gift}`);
        // Points to spend, credited once (the guard item makes a second seeding a no-op).
        await once(() =>
          moveBalance(
            {
              userId: person.id,
              delta: 300,
              reason: 'adjust',
              ref: 'seed:rewards',
              actor: ctx.adminId || 'system',
              note: '演示数据：兑换体验积分',
            },
            [
              {
                Put: {
                  TableName: tableName(),
                  Item: { ...rewardSeedGuardKey(`points:${person.id}:${d.gift}`) },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          ),
        );
        const mine = await listUserRedemptions(person.id, { limit: 50 });
        if (mine.items.some((r) => r.rewardId === rewardId)) continue;
        const user = (await getUser(person.id, true))!;
        const r = await redeem(user, rewardId, 1, `seed-${rewardId}`);
        if (d.then === 'fulfil') await fulfilRedemption(staff, r.id, r.pickupCode);
        if (d.then === 'cancel') await cancelRedemption(user, r.id);
        made++;
      }
    }
    ctx.progress(`${ctx.communities.length * GIFTS.length} 件礼品, ${made} 笔兑换`);
  },
};
