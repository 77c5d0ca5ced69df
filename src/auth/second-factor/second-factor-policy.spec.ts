import { secondFactorFor } from './second-factor-policy';

describe('secondFactorFor (SPEC §3.3)', () => {
  const app = { twoFactorEnabled: true, email: 'a@example.jp' };
  const mailOnly = { twoFactorEnabled: false, email: 'a@example.jp' };
  const neither = { twoFactorEnabled: false, email: null };

  it('asks nothing when the organization turned the second factor off', () => {
    expect(secondFactorFor(app, { otpRequirement: 'off' })).toBeNull();
  });

  it('asks TOTP of enrolled users only when optional', () => {
    expect(secondFactorFor(app, { otpRequirement: 'optional' })).toBe('totp');
    expect(secondFactorFor(mailOnly, { otpRequirement: 'optional' })).toBeNull();
  });

  it('asks everyone when required: TOTP if enrolled, else an emailed code', () => {
    expect(secondFactorFor(app, { otpRequirement: 'required' })).toBe('totp');
    expect(secondFactorFor(mailOnly, { otpRequirement: 'required' })).toBe('email');
    expect(secondFactorFor(neither, { otpRequirement: 'required' })).toBe('unavailable');
  });

  it('treats an empty email address as none', () => {
    expect(secondFactorFor({ twoFactorEnabled: false, email: '' }, { otpRequirement: 'required' })).toBe(
      'unavailable',
    );
    expect(secondFactorFor(neither, { otpRequirement: 'optional' })).toBeNull();
    expect(secondFactorFor(neither, { otpRequirement: 'off' })).toBeNull();
  });
});
