import { createHash, randomBytes } from 'node:crypto';

/** Prefix of every SCIM token, so a leaked one is recognisable (secret scanners, logs). */
const PREFIX = 'kscim_';

/** A new SCIM bearer token: 32 random bytes, base64url, prefixed. */
export function newScimToken(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** What is stored and looked up: the hex SHA-256 of the token (it is random enough that no salt is needed). */
export function scimTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
