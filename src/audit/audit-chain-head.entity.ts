import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-number';

/**
 * The head of one hash chain (audit-chain.ts): the last appended seq and hash, locked by every append so appends to
 * one chain are serialized across requests and instances, and the anchor the first remaining row links to once the
 * retention job has trimmed the oldest rows (seq 0 and the genesis hash before any trimming).
 */
@Entity('audit_chain_heads')
export class AuditChainHead {
  /** `operations:<orgId|system>` or `login:<orgId|system>`. */
  @PrimaryColumn({ type: 'varchar', length: 48 })
  chain!: string;

  @Column({ name: 'last_seq', type: 'bigint', transformer: bigintAsNumber })
  lastSeq!: number;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash!: string;

  @Column({ name: 'anchor_seq', type: 'bigint', transformer: bigintAsNumber })
  anchorSeq!: number;

  @Column({ name: 'anchor_hash', type: 'varchar', length: 64 })
  anchorHash!: string;
}
