import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { FieldCipher } from '@kanri/security/field-cipher';
import { OtpService } from '@kanri/security/otp.service';
import { otpLocked } from '../auth-errors';
import { totpSecretContext } from './totp-secret';
import type { UserOtp } from './user-otp.entity';
import { UserOtpStore } from './user-otp.store';

/**
 * The one rule for accepting an authenticator code (SPEC §3.3), for sign-in and for confirmations alike: the code
 * of the current step or one either side, and only a step after the last one accepted (`user_otp.totp_last_step`,
 * read and written under the row's lock), so a code works once across both uses.
 */
@Injectable()
export class TotpCodes {
  constructor(
    private readonly store: UserOtpStore,
    private readonly otp: OtpService,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * The step `code` is accepted at, or null. The caller holds the row's lock and stores the step as
   * `totpLastStep` in the same transaction when it is not null.
   */
  acceptedStep(row: UserOtp, userId: string, code: string, now: Date): number | null {
    if (!row.totpSecret) return null;
    return this.otp.verifyTotp(
      this.cipher.decrypt(row.totpSecret, totpSecretContext(userId)),
      code,
      now,
      row.totpLastStep,
    );
  }

  /**
   * A confirmation's code (confirmWithOtp, SPEC §14): 403 TOTP_NOT_ENROLLED without an authenticator, 423 OTP_LOCKED
   * while one-time passwords are suspended, 403 OTP_INVALID for a wrong or already used code. Wrong codes count
   * toward the same suspension as at sign-in; the count commits before the refusal is thrown.
   */
  async confirm(userId: string, code: string): Promise<void> {
    const refusal = await this.tx.run(async (em): Promise<AppError | null> => {
      const rows = await this.store.lockAll(em, userId);
      const row = rows.length === 1 ? rows[0] : null;
      if (!row?.totpSecret) {
        return new AppError(
          ErrorCode.TotpNotEnrolled,
          HttpStatus.FORBIDDEN,
          'This organization confirms with an authenticator app code: set up TOTP first',
        );
      }
      if (row.suspendedAt) return otpLocked();
      const step = this.acceptedStep(row, userId, code, this.clock.now());
      if (step !== null) {
        await this.store.update(em, row.id, { totpLastStep: step, failedAttempts: 0 });
        return null;
      }
      const failures = row.failedAttempts + 1;
      if (failures >= this.config.otpMaxAttempts) {
        await this.store.update(em, row.id, { failedAttempts: failures, suspendedAt: this.clock.now() });
        return otpLocked();
      }
      await this.store.update(em, row.id, { failedAttempts: failures });
      return new AppError(
        ErrorCode.OtpInvalid,
        HttpStatus.FORBIDDEN,
        'The one-time password is incorrect or was already used',
      );
    });
    if (refusal) throw refusal;
  }
}
