import { Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** One expiry notice sent: the primary key makes "once per certificate and threshold" hold across instances. */
@Entity('certificate_expiry_notices')
export class CertificateExpiryNotice {
  @PrimaryColumn({ name: 'certificate_id', type: 'varchar', length: 36 })
  certificateId!: string;

  @PrimaryColumn({ name: 'threshold_days', type: 'int' })
  thresholdDays!: number;

  @DateTimeColumn({ name: 'sent_at' })
  sentAt!: Date;
}
