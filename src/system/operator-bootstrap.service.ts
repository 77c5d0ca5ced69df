import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@kanri/common/config/app-config';
import { UserAccounts } from '../users/user-accounts.service';

const DEFAULT_OPERATOR_LOGIN_ID = 'operator1';

/**
 * Creates the first system operator on first start (SPEC §11): from KANRI_ADMIN_LOGIN_ID / KANRI_ADMIN_PASSWORD,
 * or with a generated password printed once to the console, in which case it must be changed at first sign-in.
 * Nothing happens once any operator exists, so restarts and extra instances are harmless.
 */
@Injectable()
export class OperatorBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly accounts: UserAccounts,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.accounts.countOperators()) > 0) return;
    const loginId = this.config.adminLoginId ?? DEFAULT_OPERATOR_LOGIN_ID;
    const generated = !this.config.adminPassword;
    const password = this.config.adminPassword ?? `Kn${randomBytes(12).toString('base64url')}9`;
    try {
      await this.accounts.createAccount(
        { loginId, password, familyName: '運用者', givenName: 'Kanri', mustChangePassword: generated },
        { isSystemOperator: true },
      );
    } catch (error) {
      // Another instance created it at the same moment: the unique login ID decided, nothing to do.
      if ((await this.accounts.countOperators()) > 0) return;
      throw error;
    }
    if (generated) {
      // Printed once, on purpose (SPEC §11), straight to stdout rather than through the structured logger.
      process.stdout.write(
        `\n  Kanri system operator created.\n  login ID: ${loginId}\n  password: ${password}\n  (shown once; it must be changed at first sign-in)\n\n`,
      );
    } else {
      this.logger.log(`system operator "${loginId}" created from KANRI_ADMIN_LOGIN_ID/KANRI_ADMIN_PASSWORD`);
    }
  }
}
