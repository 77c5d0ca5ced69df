import type { Principal } from './auth';

export function displayName(principal: Principal): string {
  const { familyName, givenName, loginId } = principal.user;
  const name = [familyName, givenName].filter(Boolean).join(' ');
  return name || loginId;
}
