import { describe, expect, it } from 'vitest';
import { groupPhone, hours, starText } from '../../../web/src/format.js';
import { lang } from '../../../web/src/i18n/index.js';
import { roleLabel } from '../../../web/src/roles.js';
import type { Me } from '../../../web/src/api.js';
import { guard } from '../../../web/src/shell/guard.js';
import { activeNav } from '../../../web/src/shell/nav.js';

const me = (roles: Me['roles'] = []): Me => ({
  id: '01J00000000000000000000000',
  phone: '13900000005',
  name: '王秀英',
  communityId: null,
  roles,
  balance: 0,
  serviceMinutes: 0,
  stars: 0,
  consentVersion: null,
});

describe('guard', () => {
  it('lets anyone open an open route', () => {
    expect(guard({}, { status: 'anon' })).toBe('ok');
  });

  it('sends the signed-out to sign-in for auth and role routes', () => {
    expect(guard({ auth: true }, { status: 'anon' })).toBe('sign-in');
    expect(guard({ roles: ['organizer'] }, { status: 'anon' })).toBe('sign-in');
  });

  it('opens an auth route while the profile loads, but waits for it on a role route', () => {
    expect(guard({ auth: true }, { status: 'loading' })).toBe('ok');
    expect(guard({ roles: ['staff'] }, { status: 'loading' })).toBe('wait');
  });

  it('checks the roles once the profile is known', () => {
    expect(guard({ roles: ['organizer', 'admin'] }, { status: 'ready', me: me() })).toBe('forbidden');
    expect(
      guard({ roles: ['organizer', 'admin'] }, { status: 'ready', me: me([{ role: 'organizer', scope: 'street:X' }]) }),
    ).toBe('ok');
  });
});

describe('format', () => {
  it('shows service hours with one decimal', () => {
    expect(hours(0)).toBe('0.0');
    expect(hours(6150)).toBe('102.5');
    expect(hours(100)).toBe('1.7');
  });

  it('draws five stars, filled up to the count', () => {
    expect(starText(0)).toBe('☆☆☆☆☆');
    expect(starText(3)).toBe('★★★☆☆');
    expect(starText(9)).toBe('★★★★★');
  });

  it('groups a phone number 3-4-4', () => {
    expect(groupPhone('13900000005')).toBe('139 0000 0005');
    expect(groupPhone('123')).toBe('123');
  });
});

describe('roles and navigation', () => {
  it('names roles in the words of the glossary', () => {
    expect(roleLabel('organizer')).toBe('社区工作者');
    expect(roleLabel('staff')).toBe('服务站工作人员');
    expect(roleLabel('leader')).toBe('队长');
    lang.set('en');
    expect(roleLabel('leader')).toBe('Team leader');
    lang.set('zh');
  });

  it('marks the section a path belongs to', () => {
    expect(activeNav('/')).toBe('/');
    expect(activeNav('/activities/01J')).toBe('/activities');
    expect(activeNav('/activitiesx')).toBeUndefined();
    expect(activeNav('/organize')).toBeUndefined();
  });
});
