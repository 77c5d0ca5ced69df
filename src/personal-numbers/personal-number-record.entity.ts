import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { RecordState, Relation } from './personal-number-fields';

/**
 * One person's individual number record: the employee themself or a family member (SPEC §8). The number is never
 * stored: only its ciphertext, the key id, and keyed digests for duplicate detection (number-vault.ts).
 */
@Entity('personal_number_records')
@Index('ix_pn_records_org_employee', ['organizationId', 'employeeId'])
@Index('ux_pn_records_employee_single', ['employeeId', 'singleRelation'], { unique: true })
@Index('ux_pn_records_employee_digest', ['employeeId', 'numberDigest'], { unique: true })
@Index('ux_pn_records_org_self_digest', ['organizationId', 'selfDigest'], { unique: true })
@Index('ix_pn_records_key', ['numberKeyId', 'id'])
export class PersonalNumberRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'employee_id', type: 'varchar', length: 36 })
  employeeId!: string;

  @Column({ type: 'varchar', length: 8 })
  relation!: Relation;

  /** `relation` when it is self or spouse, else null: the unique index allows one of each per employee. */
  @Column({ name: 'single_relation', type: 'varchar', length: 8, nullable: true })
  singleRelation!: Relation | null;

  @Column({ name: 'family_name', type: 'varchar', length: 30 })
  familyName!: string;

  @Column({ name: 'given_name', type: 'varchar', length: 30 })
  givenName!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: RecordState;

  @Column({ name: 'number_cipher', type: 'varchar', length: 255, nullable: true })
  numberCipher!: string | null;

  @Column({ name: 'number_key_id', type: 'varchar', length: 16, nullable: true })
  numberKeyId!: string | null;

  @Column({ name: 'number_digest', type: 'varchar', length: 64, nullable: true })
  numberDigest!: string | null;

  /** `numberDigest` for `self` rows only: unique per organization (one person, one employee). */
  @Column({ name: 'self_digest', type: 'varchar', length: 64, nullable: true })
  selfDigest!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 36, nullable: true })
  updatedBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
