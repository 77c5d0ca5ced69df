import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A permission granted to a user within one organization (SPEC §1). */
@Entity('user_permissions')
@Index('ux_user_permissions', ['userId', 'organizationId', 'permission'], { unique: true })
@Index('ix_user_permissions_org', ['organizationId', 'permission'])
export class UserPermission {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  permission!: string;

  /** `subtree` limits `users.manage` to the holder's group and its descendants; null = whole organization. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  scope!: 'subtree' | null;
}
