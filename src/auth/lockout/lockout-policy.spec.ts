import { defaultOrganizationSettings } from '../../organizations/organization-settings';
import { IN_FLIGHT_ATTEMPT_MS, IN_FLIGHT_WAIT_MS, lockoutPolicy } from './lockout-policy';

describe('lockoutPolicy', () => {
  it('locks until an administrator unlocks by default (SPEC §3.2: 3 attempts, admin unlock)', () => {
    expect(lockoutPolicy(defaultOrganizationSettings())).toEqual({ threshold: 3, minutes: null });
  });

  it('a temporary lockout lasts the organization’s minutes', () => {
    const settings = {
      ...defaultOrganizationSettings(),
      lockoutThreshold: 7,
      lockoutMode: 'temporary' as const,
      lockoutMinutes: 15,
    };
    expect(lockoutPolicy(settings)).toEqual({ threshold: 7, minutes: 15 });
  });

  it('an administrator-unlock lockout ignores the minutes set for temporary ones', () => {
    const settings = {
      ...defaultOrganizationSettings(),
      lockoutThreshold: 5,
      lockoutMode: 'admin_unlock' as const,
      lockoutMinutes: 15,
    };
    expect(lockoutPolicy(settings)).toEqual({ threshold: 5, minutes: null });
  });

  it('waits for an attempt in flight far shorter than it takes to call an attempt abandoned', () => {
    expect(IN_FLIGHT_WAIT_MS).toBeGreaterThan(0);
    expect(IN_FLIGHT_WAIT_MS).toBeLessThan(IN_FLIGHT_ATTEMPT_MS);
  });
});
