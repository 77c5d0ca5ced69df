import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import type { Principal } from '@kanri/access/actor';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { LoginHistoryService } from '../../audit/login-history.service';
import type { PasskeyView } from './dto/passkey.view';
import { Passkey } from './passkey.entity';
import { PasskeyCredentials, toPasskeyView } from './passkey-credentials.service';

/**
 * The signed-in user's own passkeys: rename and delete. Only the owner manages them; a manager who must cut a
 * member off disables the account (which stops passkey sign-in too) rather than touching the member's devices.
 */
@Injectable()
export class OwnPasskeys {
  constructor(
    private readonly credentials: PasskeyCredentials,
    private readonly loginHistory: LoginHistoryService,
    private readonly tx: TransactionService,
  ) {}

  async rename(principal: Principal, id: string, name: string): Promise<PasskeyView> {
    return this.tx.run(async (em) => {
      const passkey = await this.credentials.ownOrNotFound(principal.userId, id, em);
      await em.update(Passkey, { id: passkey.id, userId: principal.userId }, { name });
      return toPasskeyView({ ...passkey, name });
    });
  }

  async remove(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.tx.run(async (em) => {
      const passkey = await this.credentials.ownOrNotFound(principal.userId, id, em);
      await em.delete(Passkey, { id: passkey.id, userId: principal.userId });
      await this.loginHistory.record(
        {
          action: 'PASSKEY_DELETED',
          loginIdTyped: principal.loginId,
          userId: principal.userId,
          organizationId: principal.organizationId,
          ip: origin.ip,
          userAgent: origin.userAgent,
        },
        em,
      );
    });
  }
}
