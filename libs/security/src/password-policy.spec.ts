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

  it('names each problem once, as the validation details show it', () => {
    const length = 'must be 8 to 64 characters';
    const mix = 'must contain both letters and digits';
    const legacy = 'must be 6 to 12 half-width letters and digits';
    expect(passwordPolicyProblems('ABCDEFG1')).toEqual([]);
    expect(passwordPolicyProblems('abcdefgh')).toEqual([mix]);
    expect(passwordPolicyProblems('1234567A')).toEqual([]);
    expect(passwordPolicyProblems('abc1')).toEqual([length]);
    expect(passwordPolicyProblems('abc')).toEqual([length, mix]);
    expect(passwordPolicyProblems(`a1${'x'.repeat(63)}`)).toEqual([length]);
    expect(passwordPolicyProblems('Ab3456', 'legacy_banking')).toEqual([]);
    expect(passwordPolicyProblems('ABCDE1', 'legacy_banking')).toEqual([]);
    expect(passwordPolicyProblems('abcdefghijk1', 'legacy_banking')).toEqual([]);
    expect(passwordPolicyProblems('abcdefghijkl', 'legacy_banking')).toEqual([mix]);
    expect(passwordPolicyProblems('abc-12', 'legacy_banking')).toEqual([legacy]);
    expect(passwordPolicyProblems('a-', 'legacy_banking')).toEqual([legacy, mix]);
    expect(passwordPolicyProblems('x1abc-12', 'legacy_banking')).toEqual([legacy]);
    expect(passwordPolicyProblems('abc12-', 'legacy_banking')).toEqual([legacy]);
    // The legacy rule has no 8-character minimum of its own.
    expect(passwordPolicyProblems('abc123', 'legacy_banking')).toEqual([]);
    expect(passwordPolicyProblems('abc123', 'default')).toEqual([length]);
  });
});
