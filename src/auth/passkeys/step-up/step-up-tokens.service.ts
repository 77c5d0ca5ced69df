import { createHash, randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { execute, sqlInstant } from '@kanri/common/database/sql-values';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasskeyStepUp } from './passkey-step-up.entity';

/** A step-up is for the operation the user is about to confirm, not for a working session. */
export const STEP_UP_TTL_MS = 2 * 60_000;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export const stepUpRequired = (
  message = 'This organization requires a passkey verification for this operation',
) => new AppError(ErrorCode.PasskeyStepUpRequired, HttpStatus.FORBIDDEN, message);

/**
 * Step-up tokens (SPEC §17): what a passkey assertion with user verification earns. One token confirms one
 * operation of the same session within STEP_UP_TTL_MS; stored hashed.
 */
@Injectable()
export class StepUpTokens {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async issue(userId: string, sessionId: string): Promise<{ stepUpToken: string; expiresAt: string }> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + STEP_UP_TTL_MS);
    await this.tx.run(async (em) => {
      await execute(em, 'DELETE FROM passkey_step_ups WHERE expires_at < ?', [
        sqlInstant(new Date(now.getTime() - STEP_UP_TTL_MS), this.tx.isMysql),
      ]);
      await em.insert(PasskeyStepUp, {
        id: newId(now.getTime()),
        userId,
        sessionId,
        tokenHash: digest(token),
        expiresAt,
        usedAt: null,
        createdAt: now,
      });
    });
    return { stepUpToken: token, expiresAt: expiresAt.toISOString() };
  }

  /** Spends the token for this user's session (one conditional UPDATE); 403 PASSKEY_STEP_UP_REQUIRED otherwise. */
  async consume(userId: string, sessionId: string, token: unknown): Promise<void> {
    if (typeof token !== 'string' || !token || token.length > 128) throw stepUpRequired();
    const now = sqlInstant(this.clock.now(), this.tx.isMysql);
    const spent = await this.tx.run((em) =>
      execute(
        em,
        `UPDATE passkey_step_ups SET used_at = ?
          WHERE token_hash = ? AND user_id = ? AND session_id = ? AND used_at IS NULL AND expires_at > ?`,
        [now, digest(token), userId, sessionId, now],
      ),
    );
    if (spent !== 1)
      throw stepUpRequired('The passkey verification is missing, expired or already used; verify again');
  }
}
