import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** A group (グループ) in an organization's tree (SPEC §2). Ancestry lives in `org_group_closure`. */
@Entity('org_groups')
@Index('ux_org_groups_code', ['organizationId', 'code'], { unique: true })
@Index('ix_org_groups_parent', ['organizationId', 'parentId'])
export class Group {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  /** グループコード: unique within the organization; what imports and exports use. */
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** null for a top-level group. */
  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
