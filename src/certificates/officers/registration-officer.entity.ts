import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** 登録担当者: a member of an organization designated by the system operator to manage its certificates. */
@Entity('registration_officers')
export class RegistrationOfficer {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36, unique: true })
  userId!: string;

  /** 登録担当者氏名の英字: the certificate's common name, which browsers show when choosing a certificate. */
  @Column({ name: 'name_romaji', type: 'varchar', length: 64 })
  nameRomaji!: string;

  /** Where enrolment links go. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  /**
   * When the system operator ended the role (登録担当者の削除); null while the officer serves. The row stays so the
   * operation history and the officer's certificates (`certificates.officer_id`) still name them.
   */
  @DateTimeColumn({ name: 'removed_at', nullable: true })
  removedAt!: Date | null;

  /** The operator who removed the officer. */
  @Column({ name: 'removed_by', type: 'varchar', length: 36, nullable: true })
  removedBy!: string | null;
}
