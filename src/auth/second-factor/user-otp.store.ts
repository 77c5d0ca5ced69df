import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { newId } from '@kanri/common/ids/new-id';
import { UserOtp } from './user-otp.entity';

/** Reads and locks the one-time-password row of a user (user_otp). */
@Injectable()
export class UserOtpStore {
  constructor(
    @InjectRepository(UserOtp) private readonly rows: Repository<UserOtp>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /** Creates the user's row if it is missing; parallel callers are harmless (the unique index decides). */
  async ensure(userId: string): Promise<void> {
    if (await this.rows.exists({ where: { userId } })) return;
    const now = this.clock.now();
    try {
      await this.tx.run((em) =>
        em.insert(UserOtp, {
          id: newId(now.getTime()),
          userId,
          totpSecret: null,
          totpPendingSecret: null,
          totpLastStep: null,
          failedAttempts: 0,
          suspendedAt: null,
          challengeId: null,
          challengeMethod: null,
          codeHash: null,
          challengeExpiresAt: null,
          resendCount: 0,
          createdAt: now,
          updatedAt: now,
        }),
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /**
   * Up to two rows of the user, locked for the rest of the transaction. Callers treat two as the inconsistency the
   * login history reports (OTP_RECORD_DUPLICATED) rather than picking one.
   */
  lockAll(em: EntityManager, userId: string): Promise<UserOtp[]> {
    const qb = em
      .createQueryBuilder(UserOtp, 'o')
      .where('o.userId = :userId', { userId })
      .orderBy('o.id')
      .limit(2);
    return this.tx.lockForUpdate(qb).getMany();
  }

  find(userId: string): Promise<UserOtp | null> {
    return this.rows.findOne({ where: { userId } });
  }

  async update(em: EntityManager, id: string, changes: Partial<UserOtp>): Promise<void> {
    await em.update(UserOtp, { id }, { ...changes, updatedAt: this.clock.now() });
  }
}
