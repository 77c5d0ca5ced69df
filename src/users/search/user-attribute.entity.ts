import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One 属性 tag of a member, for list filters (user-attributes.ts). */
@Entity('user_attributes')
@Index('ix_user_attributes_user', ['userId'])
@Index('ix_user_attributes_sorted', ['organizationId', 'attribute', 'sortKey', 'loginId', 'userId'])
@Index('ix_user_attributes_membership', ['organizationId', 'attribute', 'groupId', 'isDisabled', 'userId'])
export class UserAttribute {
  @PrimaryColumn({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  attribute!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** The member's 属性 sort key and login ID (users.attributes_sort_key, users.login_id), in the list's order. */
  @Column({ name: 'sort_key', type: 'varchar', length: 191, default: '' })
  sortKey!: string;

  @Column({ name: 'login_id', type: 'varchar', length: 12, default: '' })
  loginId!: string;

  /**
   * The member's group and disabled flag (users.group_id, users.is_disabled): a filter on attributes with groups or
   * 状態 有効/無効 reads its members from the attribute index alone (kept by MemberAccounts and UserSearchIndex).
   */
  @Column({ name: 'group_id', type: 'varchar', length: 36, nullable: true })
  groupId!: string | null;

  @Column({ name: 'is_disabled', type: 'boolean', default: false })
  isDisabled!: boolean;
}
