import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Closure table of the group tree: one row per (ancestor, descendant) pair, the group itself included at depth 0.
 * The subtree of a group is one index range (`ancestor_id = ?`), however deep the tree, which is what
 * `users.manage` with `subtree` scope asks on every request; moving a subtree rewrites only the pairs that cross
 * its boundary.
 */
@Entity('org_group_closure')
@Index('ix_org_group_closure_descendant', ['descendantId', 'ancestorId'])
export class GroupClosure {
  @PrimaryColumn({ name: 'ancestor_id', type: 'varchar', length: 36 })
  ancestorId!: string;

  @PrimaryColumn({ name: 'descendant_id', type: 'varchar', length: 36 })
  descendantId!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ type: 'int' })
  depth!: number;
}
