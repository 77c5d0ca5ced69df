import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { execute, sqlInstant } from '@kanri/common/database/sql-values';
import { AppError } from '@kanri/common/errors/app-error';
import { Passkey } from './passkey.entity';
import type { PasskeyView } from './dto/passkey.view';

/** The stored passkeys: a user's own list, and the lookups and counter updates the ceremonies need. */
@Injectable()
export class PasskeyCredentials {
  constructor(
    @InjectRepository(Passkey) private readonly passkeys: Repository<Passkey>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  ofUser(userId: string): Promise<Passkey[]> {
    return this.passkeys.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  byCredentialId(credentialId: string): Promise<Passkey | null> {
    return this.passkeys.findOne({ where: { credentialId } });
  }

  async list(userId: string): Promise<{ items: PasskeyView[] }> {
    return { items: (await this.ofUser(userId)).map(toPasskeyView) };
  }

  /** A passkey of this user, or 404 (another user's passkey is "not found", not "forbidden"). */
  async ownOrNotFound(userId: string, id: string, em?: EntityManager): Promise<Passkey> {
    const found = await (em ? em.getRepository(Passkey) : this.passkeys).findOne({ where: { id, userId } });
    if (!found) throw AppError.notFound('Passkey');
    return found;
  }

  /**
   * Records an accepted assertion's counter (one conditional UPDATE, so of two parallel assertions carrying the same
   * counter only one is accepted). A counter must grow, except that an authenticator keeping none (0) stays at 0.
   * Answers false when another assertion got there first.
   */
  async advanceCounter(em: EntityManager, id: string, previous: number, next: number): Promise<boolean> {
    const changed = await execute(
      em,
      `UPDATE passkeys SET sign_count = ?, last_used_at = ?
        WHERE id = ? AND sign_count = ? AND (sign_count < ? OR (sign_count = 0 AND ? = 0))`,
      [next, sqlInstant(this.clock.now(), this.tx.isMysql), id, previous, next, next],
    );
    return changed === 1;
  }
}

export function toPasskeyView(p: Passkey): PasskeyView {
  return {
    id: p.id,
    name: p.name,
    backedUp: p.backedUp,
    createdAt: p.createdAt.toISOString(),
    lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
  };
}
