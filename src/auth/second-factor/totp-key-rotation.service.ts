import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { FieldCipher } from '@kanri/security/field-cipher';
import { rotateFieldKey } from '@kanri/security/field-key-rotation';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { pendingTotpSecretContext, totpSecretContext } from './totp-secret';
import { UserOtp } from './user-otp.entity';

type Sealed = Pick<UserOtp, 'id' | 'userId' | 'totpSecret' | 'totpPendingSecret'>;

/** The two sealed columns of user_otp, each with its own FieldCipher context (totp-secret.ts). */
const COLUMNS = [
  { property: 'totpSecret', column: 'totp_secret', context: totpSecretContext },
  { property: 'totpPendingSecret', column: 'totp_pending_secret', context: pendingTotpSecretContext },
] as const;

/**
 * Key rotation for TOTP secrets (SPEC §3.3 "encrypted at rest", §8 "keys can rotate"), the vault's pattern applied to
 * user_otp: after FIELD_ENCRYPTION_KEY gains a new first key, rewrites every active and pending secret sealed under
 * another key, in chunks of 200 rows, one transaction per chunk. Idempotent and resumable: each chunk re-reads rows
 * still under an old key, and each column is compare-and-set on its old ciphertext, so a secret the user replaced
 * meanwhile (sealed under the new key anyway) or an administrator revoked is left alone. Once `pendingCount()` is 0
 * the old key is no longer needed for TOTP.
 *
 * The rows carry no key-id column: pending rows are found by the ciphertext prefix, a scan of user_otp (one row per
 * user who ever had a second-factor challenge) when the job checks.
 */
@Injectable()
export class TotpKeyRotation {
  private readonly logger = new Logger('SecondFactor');

  constructor(
    @InjectRepository(UserOtp) private readonly rows: Repository<UserOtp>,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionService,
    private readonly audit: AuditRecorder,
  ) {}

  /** Rows holding a secret (active or pending) sealed under a key other than the current one. */
  pendingCount(): Promise<number> {
    return this.pending().getCount();
  }

  /**
   * Re-encrypts everything pending; audited as the system (screen ワンタイムパスワード暗号鍵更新) when there is work.
   * Returns the number of rows rewritten. A secret that no key of the ring opens is logged and left as it is.
   */
  reencryptAll(): Promise<number> {
    return rotateFieldKey<Sealed>(
      {
        name: 'totp-secret-key-rotation',
        screen: 'ワンタイムパスワード暗号鍵更新',
        what: 'TOTP secrets',
        sealedWith: this.cipher.currentKeyId,
        pendingCount: () => this.pendingCount(),
        pendingAfter: (after, limit) =>
          this.pending()
            .andWhere('o.id > :after', { after })
            .select(['o.id', 'o.userId', 'o.totpSecret', 'o.totpPendingSecret'])
            .orderBy('o.id', 'ASC')
            .limit(limit)
            .getMany(),
        reseal: (rows) => this.reencrypt(rows),
      },
      this.audit,
      this.logger,
    );
  }

  private pending() {
    const prefix = this.cipher.currentPrefix;
    return this.rows
      .createQueryBuilder('o')
      .where(
        '((o.totp_secret IS NOT NULL AND SUBSTR(o.totp_secret, 1, :length) <> :prefix)' +
          ' OR (o.totp_pending_secret IS NOT NULL AND SUBSTR(o.totp_pending_secret, 1, :length) <> :prefix))',
        { prefix, length: prefix.length },
      );
  }

  private reencrypt(rows: Sealed[]): Promise<{ done: number; unreadable: number }> {
    return this.tx.run(async (em) => {
      let done = 0;
      let unreadable = 0;
      for (const row of rows) {
        let changed = false;
        for (const { property, column, context } of COLUMNS) {
          const old = row[property];
          if (!old || !this.cipher.needsReencryption(old)) continue;
          let plain: Buffer;
          try {
            plain = this.cipher.decrypt(old, context(row.userId));
          } catch {
            unreadable += 1;
            continue;
          }
          const result = await em
            .createQueryBuilder()
            .update(UserOtp)
            .set({ [property]: this.cipher.encrypt(plain, context(row.userId)) })
            .where(`id = :id AND ${column} = :old`, { id: row.id, old })
            .execute();
          changed ||= (result.affected ?? 0) > 0;
        }
        if (changed) done += 1;
      }
      return { done, unreadable };
    });
  }
}
