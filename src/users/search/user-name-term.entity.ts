import { Entity, PrimaryColumn } from 'typeorm';

/** One suffix of one distinct name or kana of an organization's members (name-terms.ts). */
@Entity('user_name_terms')
export class UserNameTerm {
  @PrimaryColumn({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  /** A suffix of the normalized term (normalizeForSearch). */
  @PrimaryColumn({ type: 'varchar', length: 30 })
  suffix!: string;

  /** The name exactly as stored on users. */
  @PrimaryColumn({ type: 'varchar', length: 30 })
  term!: string;
}
