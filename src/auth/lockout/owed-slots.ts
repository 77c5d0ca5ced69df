import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { isDatabaseUnavailableError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AuditContextStore } from '../../audit/audit-context';
import { IN_FLIGHT_ATTEMPT_MS } from './lockout-policy';
import { LockoutStatements } from './lockout-statements';

/** How long between two tries while the database does not answer. */
const RETRY_MS = 250;

/**
 * Attempt slots owed back. Every answer takes a slot before its secret is checked (LoginAttempts), and a right one
 * gives it back when it settles, by clearing the failures. When that settling fails for no fault of the answer — the
 * database unreachable, a conflict, a fault of the server — the slot would stay counted as a failure: the user one
 * mistyped password nearer a lockout, and with every slot so held (three confirmations in flight when the database
 * stopped), every answer refused as locked (423) for IN_FLIGHT_ATTEMPT_MS although the account is not. The failures
 * are cleared instead, as settling would have cleared them, as soon as the database takes it: tried every RETRY_MS
 * while it is unreachable, for as long as a slot can count. While it is unreachable no other attempt can take a slot
 * either, so the late clear counts what the settling would have.
 */
@Injectable()
export class OwedSlots implements OnApplicationShutdown {
  private readonly logger = new Logger('Lockout');
  /** The users owed a clear, each with when its slot ages out anyway (IN_FLIGHT_ATTEMPT_MS after it was owed). */
  private readonly owed = new Map<string, number>();
  /**
   * One pass at a time for every owed user: while the database is down that is one statement every RETRY_MS, however
   * many answers were caught by the outage.
   */
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly tx: TransactionService,
    private readonly statements: LockoutStatements,
    private readonly contexts: AuditContextStore,
  ) {}

  /** Clears the user's failures once the database takes it (the account stays locked if it is). */
  giveBack(userId: string): void {
    this.owed.set(userId, Date.now() + IN_FLIGHT_ATTEMPT_MS);
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Not part of the request that owed it: outside its audit context, so it carries no operation row.
      void this.contexts.exit(() => this.pass());
    }, delay);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    for (const [userId, agesOutAt] of this.owed) {
      if (Date.now() < agesOutAt) {
        try {
          await this.tx.run((em) => this.statements.clearLoginFailures(em, userId));
        } catch (error) {
          if (isDatabaseUnavailableError(error)) return this.schedule(RETRY_MS);
          if (!this.closed)
            this.logger.warn(`An attempt slot of user ${userId} was not given back: ${String(error)}`);
        }
      }
      // Owed again meanwhile: that answer's slot may have been taken after the clear, so it stays for the next pass.
      if (this.owed.get(userId) === agesOutAt) this.owed.delete(userId);
    }
  }
}
