import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * A user's passkey (WebAuthn credential, SPEC §17): the public key and the signature counter the last assertion
 * reported. The private key never leaves the authenticator, so nothing here is secret.
 */
@Entity('passkeys')
export class Passkey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** The credential ID, base64url, as the authenticator reports it (unique system-wide). */
  @Column({ name: 'credential_id', type: 'varchar', length: 512 })
  credentialId!: string;

  /** COSE public key, base64url. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  /** The signature counter of the last accepted assertion; 0 = the authenticator keeps none. */
  @Column({
    name: 'sign_count',
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: unknown) => Number(v) },
  })
  signCount!: number;

  /** Comma-separated transports (`internal`, `hybrid`, `usb`, ...), as hints for the browser. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  transports!: string | null;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** Synced passkey (backed up by its provider). */
  @Column({ name: 'backed_up', type: 'boolean' })
  backedUp!: boolean;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
