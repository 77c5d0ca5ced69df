import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { type EntityManager, IsNull, MoreThan, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { newId } from '@kanri/common/ids/new-id';
import { AuthToken, type AuthTokenPurpose } from './auth-token.entity';

/** Emailed tokens are valid for one hour (SPEC §3.5). */
export const AUTH_TOKEN_TTL_MS = 60 * 60_000;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Single-use tokens for the emailed links of password reset and IP change (SPEC §3.5). */
@Injectable()
export class AuthTokens {
  constructor(
    @InjectRepository(AuthToken) private readonly tokens: Repository<AuthToken>,
    private readonly clock: Clock,
  ) {}

  /**
   * A fresh token (32 random bytes, base64url), valid for an hour. Earlier unused tokens of the same user and
   * purpose stop working: only the newest mail counts.
   */
  async issue(
    em: EntityManager,
    userId: string,
    purpose: AuthTokenPurpose,
    ip: string | null,
  ): Promise<string> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    await em.update(AuthToken, { userId, purpose, usedAt: IsNull() }, { usedAt: now });
    await em.insert(AuthToken, {
      id: newId(now.getTime()),
      userId,
      purpose,
      tokenHash: digest(token),
      ip,
      expiresAt: new Date(now.getTime() + AUTH_TOKEN_TTL_MS),
      usedAt: null,
      createdAt: now,
    });
    return token;
  }

  /** The unused, unexpired token for `purpose`, or null; nothing is consumed. */
  findUsable(token: string, purpose: AuthTokenPurpose): Promise<AuthToken | null> {
    if (typeof token !== 'string' || token.length > 100) return Promise.resolve(null);
    return this.tokens.findOne({
      where: { tokenHash: digest(token), purpose, usedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
    });
  }

  /** Marks the token used inside the caller's transaction; false when another request spent it first. */
  async consume(em: EntityManager, tokenId: string): Promise<boolean> {
    const result = await em.update(
      AuthToken,
      { id: tokenId, usedAt: IsNull() },
      { usedAt: this.clock.now() },
    );
    return (result.affected ?? 0) === 1;
  }
}
