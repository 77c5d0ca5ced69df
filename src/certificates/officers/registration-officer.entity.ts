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
}
