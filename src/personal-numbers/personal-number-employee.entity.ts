import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * An employee (社員) of the vault: the person whose own and family members' numbers the organization keeps. Kept
 * apart from user accounts: HR records cover staff who never sign in to Kanri. Its group (所属) decides which
 * subtree-limited administrators handle it; its retirement date starts the retention period.
 */
@Entity('personal_number_employees')
@Index('ux_pn_employees_org_code', ['organizationId', 'employeeCode'], { unique: true })
@Index('ix_pn_employees_org_retired', ['organizationId', 'retiredOn'])
@Index('ix_pn_employees_org_group', ['organizationId', 'groupId', 'employeeCode'])
export class PersonalNumberEmployee {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  /** 社員番号, case-sensitive. */
  @Column({ name: 'employee_code', type: 'varchar', length: 32 })
  employeeCode!: string;

  /** 所属 (a group of the organization), or null. */
  @Column({ name: 'group_id', type: 'varchar', length: 36, nullable: true })
  groupId!: string | null;

  /** 退職日 `YYYY-MM-DD`, or null while employed. */
  @Column({ name: 'retired_on', type: 'varchar', length: 10, nullable: true })
  retiredOn!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
