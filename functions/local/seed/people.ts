import { config } from '../../config.js';
import { findOrCreateUserByPhone, grantRole, updateProfile } from '../../db/users.js';
import type { SeedStep } from './context.js';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
const GIVEN = [
  '秀英',
  '桂兰',
  '建国',
  '志强',
  '丽娟',
  '海燕',
  '国华',
  '淑珍',
  '明',
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '军',
  '杰',
  '婷',
];

/** Stable demo phone numbers: 139 0000 NNNN. */
export const demoPhone = (n: number): string => `1390000${String(n).padStart(4, '0')}`;

/**
 * The admin, an organiser per street and per community, a staff member per community, and residents
 * (8 per community) with Chinese names.
 */
export const peopleStep: SeedStep = {
  name: '居民与工作人员 people and roles',
  async run(ctx) {
    const admin = await findOrCreateUserByPhone(config().adminPhone, '区管理员');
    await grantRole(admin.id, { role: 'admin', scope: 'city' });
    ctx.adminId = admin.id;
    let n = 1;
    const person = async (communityId: string, name: string) => {
      const phone = demoPhone(n++);
      const u = await findOrCreateUserByPhone(phone, name);
      await updateProfile(u.id, { name, communityId });
      ctx.people.push({ id: u.id, phone, name, communityId });
      return u.id;
    };
    for (const s of ctx.streets) {
      const first = ctx.communities.find((c) => c.streetId === s.id)!;
      const id = await person(first.id, `${s.name.slice(0, 3)}组织者`);
      await grantRole(id, { role: 'organizer', scope: `street:${s.id}` });
      ctx.streetOrganizers.set(s.id, id);
    }
    let k = 0;
    for (const c of ctx.communities) {
      const org = await person(c.id, `${SURNAMES[k % SURNAMES.length]}主任`);
      await grantRole(org, { role: 'organizer', scope: `community:${c.id}` });
      ctx.communityOrganizers.set(c.id, org);
      const staff = await person(c.id, `${SURNAMES[(k + 7) % SURNAMES.length]}站长`);
      await grantRole(staff, { role: 'staff', scope: `community:${c.id}` });
      ctx.staff.set(c.id, staff);
      for (let i = 0; i < 8; i++, k++) {
        await person(c.id, `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}`);
      }
      ctx.progress(`${c.name}: ${ctx.people.filter((p) => p.communityId === c.id).length} 人`);
    }
  },
};
