import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * The current CRL of a CA. Its row is also the lock that serializes CRL generation, so CRL numbers only grow and
 * every revocation committed before a CRL is generated appears in it.
 */
@Entity('certificate_crls')
export class CrlState {
  @PrimaryColumn({ name: 'ca_id', type: 'varchar', length: 36 })
  caId!: string;

  @Column({
    name: 'crl_number',
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  crlNumber!: number;

  @DateTimeColumn({ name: 'this_update' })
  thisUpdate!: Date;

  @DateTimeColumn({ name: 'next_update' })
  nextUpdate!: Date;

  /** The signed CRL, DER as base64. */
  @Column({ name: 'crl_der', type: 'text' })
  crlDer!: string;
}
