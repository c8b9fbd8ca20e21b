import { setCommunityContact } from '../../db/certificates.js';
import { createCommunity, createStreet, loadOrg } from '../../db/org.js';
import { once, seedId, type SeedStep } from './context.js';

const CITY = [
  { name: '回龙观街道', communities: ['龙泽苑社区', '回龙观西大街社区', '流星花园社区'] },
  { name: '天通苑北街道', communities: ['天通北苑第一社区', '天通西苑第二社区', '佳运园社区'] },
];

/** Two streets of a Huitian-like district, three communities each. */
export const orgStep: SeedStep = {
  name: '街道与社区 streets and communities',
  async run(ctx) {
    for (const s of CITY) {
      const streetId = seedId(`street:${s.name}`);
      await once(() => createStreet(s.name, streetId));
      for (const [i, c] of s.communities.entries()) {
        const id = seedId(`community:${c}`);
        await once(() => createCommunity(streetId, c, id));
        // The service station's phone, printed on the proofs of service the community issues.
        await setCommunityContact(id, `${c}服务站 010-8170${CITY.indexOf(s)}${String(i + 1).padStart(3, '0')}`);
      }
    }
    const org = await loadOrg(true);
    ctx.streets = org.streets;
    ctx.communities = org.communities;
  },
};
