import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { execute, sqlInstant } from '@kanri/common/database/sql-values';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { type ChallengePurpose, WebAuthnChallenge } from './webauthn-challenge.entity';

/** How long a browser has to answer a ceremony (the options' `timeout` says the same). */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export const challengeInvalid = () =>
  new AppError(
    ErrorCode.PasskeyChallengeInvalid,
    HttpStatus.UNAUTHORIZED,
    'This passkey request is unknown, expired or already answered; start again',
  );

/**
 * Server-side WebAuthn challenges: each is answered at most once, before it expires, by the purpose and user it
 * was issued for. The challenge is found by the value the browser signed (clientDataJSON), so a response cannot be
 * paired with another ceremony's challenge.
 */
@Injectable()
export class WebAuthnChallenges {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async issue(
    challenge: string,
    purpose: ChallengePurpose,
    owner: { userId: string; sessionId: string } | null,
  ): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      // Spent and run-out challenges of everybody go with each new one, so the table stays small.
      await execute(em, 'DELETE FROM webauthn_challenges WHERE expires_at < ?', [
        sqlInstant(new Date(now.getTime() - CHALLENGE_TTL_MS), this.tx.isMysql),
      ]);
      await em.insert(WebAuthnChallenge, {
        id: newId(now.getTime()),
        challenge,
        purpose,
        userId: owner?.userId ?? null,
        sessionId: owner?.sessionId ?? null,
        expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
        usedAt: null,
        createdAt: now,
      });
    });
  }

  /**
   * Spends the challenge named in `clientDataJSON` (base64url) inside the caller's transaction: one conditional
   * UPDATE, so of two parallel answers only one gets it. Throws PASSKEY_CHALLENGE_INVALID otherwise.
   */
  async consume(
    em: EntityManager,
    clientDataJSON: unknown,
    purpose: ChallengePurpose,
    userId: string | null,
  ): Promise<string> {
    const challenge = challengeOf(clientDataJSON);
    if (!challenge) throw challengeInvalid();
    const now = sqlInstant(this.clock.now(), this.tx.isMysql);
    const spent = await execute(
      em,
      `UPDATE webauthn_challenges SET used_at = ?
        WHERE challenge = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
          AND ${userId === null ? 'user_id IS NULL' : 'user_id = ?'}`,
      userId === null ? [now, challenge, purpose, now] : [now, challenge, purpose, now, userId],
    );
    if (spent !== 1) throw challengeInvalid();
    return challenge;
  }
}

/** The challenge a browser signed, read from its clientDataJSON; null when that is not readable. */
export function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 4096) return null;
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as {
      challenge?: unknown;
    };
    return typeof data.challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(data.challenge)
      ? data.challenge
      : null;
  } catch {
    return null;
  }
}
