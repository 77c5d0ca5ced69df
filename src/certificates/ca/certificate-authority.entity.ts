import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

export type CaRole = 'root' | 'issuing';

/** Kanri's root and issuing CA. The private key is PKCS#8 sealed with the field key (FieldCipher). */
@Entity('certificate_authorities')
export class CertificateAuthority {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16, unique: true })
  role!: CaRole;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 64 })
  serial!: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  /** `FieldCipher` ciphertext of the PKCS#8 DER, bound to the context `ca:<id>`. Never leaves the service. */
  @Column({ name: 'private_key', type: 'text' })
  privateKey!: string;

  @Column({ name: 'key_algorithm', type: 'varchar', length: 16 })
  keyAlgorithm!: string;

  @DateTimeColumn({ name: 'not_before' })
  notBefore!: Date;

  @DateTimeColumn({ name: 'not_after' })
  notAfter!: Date;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
