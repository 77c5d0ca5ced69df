import { passwordPolicyProblems } from './password-policy';

describe('password policies (SPEC §3.1)', () => {
  it('default: 8–64 characters with letters and digits', () => {
    expect(passwordPolicyProblems('abcdefg1')).toEqual([]);
    expect(passwordPolicyProblems('abcdef1')).not.toEqual([]);
    expect(passwordPolicyProblems('abcdefgh')).not.toEqual([]);
    expect(passwordPolicyProblems('12345678')).not.toEqual([]);
    expect(passwordPolicyProblems(`a1${'x'.repeat(62)}`)).toEqual([]);
    expect(passwordPolicyProblems(`a1${'x'.repeat(63)}`)).not.toEqual([]);
    expect(passwordPolicyProblems('パスワード12ab')).toEqual([]);
  });

  it('legacy banking: 6–12 half-width letters and digits, mixed', () => {
    expect(passwordPolicyProblems('abc123', 'legacy_banking')).toEqual([]);
    expect(passwordPolicyProblems('abc12', 'legacy_banking')).not.toEqual([]);
    expect(passwordPolicyProblems('abcdef123456x', 'legacy_banking')).not.toEqual([]);
    expect(passwordPolicyProblems('abc-123', 'legacy_banking')).not.toEqual([]);
    expect(passwordPolicyProblems('ａｂｃ１２３', 'legacy_banking')).not.toEqual([]);
  });
});
