/**
 * Password policies (SPEC §3.1). `default`: 8–64 characters with letters and digits; `legacy_banking`: the
 * older internet-banking rule of 6–12 half-width letters and digits, both present.
 */
export type PasswordPolicyName = 'default' | 'legacy_banking';

export function passwordPolicyProblems(password: string, policy: PasswordPolicyName = 'default'): string[] {
  const problems: string[] = [];
  const hasLetter = /[A-Za-z]/.test(password);
  const hasDigit = /\d/.test(password);
  if (policy === 'legacy_banking') {
    if (!/^[A-Za-z\d]{6,12}$/.test(password)) problems.push('must be 6 to 12 half-width letters and digits');
  } else if (password.length < 8 || password.length > 64) {
    problems.push('must be 8 to 64 characters');
  }
  if (!hasLetter || !hasDigit) problems.push('must contain both letters and digits');
  return problems;
}
