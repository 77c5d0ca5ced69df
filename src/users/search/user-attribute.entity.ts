import { Entity, Index, PrimaryColumn } from 'typeorm';

/** One 属性 tag of a member, for list filters (user-attributes.ts). */
@Entity('user_attributes')
@Index('ix_user_attributes_user', ['userId'])
export class UserAttribute {
  @PrimaryColumn({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  attribute!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;
}
