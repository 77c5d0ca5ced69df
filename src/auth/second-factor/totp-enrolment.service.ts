import { Injectable } from '@nestjs/common';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { FieldCipher } from '@kanri/security/field-cipher';
import { OtpService } from '@kanri/security/otp.service';
import { UserAccounts } from '../../users/user-accounts.service';
import { otpInvalid } from '../auth-errors';
import type { Principal } from '@kanri/access/actor';
import { SignInSettings } from '../sign-in-settings.service';
import type { TotpSetupView } from './dto/otp.dto';
import { pendingTotpSecretContext, totpSecretContext } from './totp-secret';
import { UserOtpStore } from './user-otp.store';

const ISSUER = 'Kanri';

/**
 * Enrolling an authenticator app (SPEC §3.3 TOTP): setup hands out a fresh secret and keeps it pending; activation
 * with a valid code makes it the user's second factor (2要素). Re-enrolling replaces the old secret only when the
 * new one is activated, so an abandoned setup never locks anybody out.
 */
@Injectable()
export class TotpEnrolment {
  constructor(
    private readonly store: UserOtpStore,
    private readonly otp: OtpService,
    private readonly cipher: FieldCipher,
    private readonly accounts: UserAccounts,
    private readonly settings: SignInSettings,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async setup(principal: Principal): Promise<TotpSetupView> {
    const settings = await this.settings.of(principal.organizationId);
    if (settings.otpRequirement === 'off') {
      throw AppError.forbidden('Two-factor authentication is turned off for this organization');
    }
    await this.store.ensure(principal.userId);
    const secret = this.otp.newTotpSecret();
    await this.tx.run(async (em) => {
      const rows = await this.store.lockAll(em, principal.userId);
      if (rows.length !== 1)
        throw AppError.conflict('The one-time password records of this account are inconsistent');
      await this.store.update(em, rows[0].id, {
        totpPendingSecret: this.cipher.encrypt(secret, pendingTotpSecretContext(principal.userId)),
      });
    });
    const otpauthUrl = this.otp.otpauthUrl(secret, principal.loginId, ISSUER);
    return {
      secret: this.otp.base32(secret),
      otpauthUrl,
      qrCodeDataUrl: await this.otp.qrCodeDataUrl(otpauthUrl),
    };
  }

  /** The code proves the app holds the pending secret; that code's step counts as used (it cannot sign in). */
  async activate(principal: Principal, code: string): Promise<{ twoFactorEnabled: true }> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const rows = await this.store.lockAll(em, principal.userId);
      const row = rows.length === 1 ? rows[0] : null;
      if (!row?.totpPendingSecret) throw AppError.conflict('Start with POST /auth/totp/setup');
      const secret = this.cipher.decrypt(row.totpPendingSecret, pendingTotpSecretContext(principal.userId));
      const step = this.otp.verifyTotp(secret, code, now, null);
      if (step === null) throw otpInvalid();
      await this.store.update(em, row.id, {
        totpSecret: this.cipher.encrypt(secret, totpSecretContext(principal.userId)),
        totpPendingSecret: null,
        totpLastStep: step,
      });
      await this.accounts.setTwoFactorEnabled(em, principal.userId, true);
    });
    return { twoFactorEnabled: true };
  }
}
