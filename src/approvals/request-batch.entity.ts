import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ZenginHeader, ZenginLineBreaks } from '../transfers/zengin/zengin-file';
import type { ZenginKind } from '../transfers/zengin/zengin-layout';

/** The Zengin header of a batch made from a file: what is needed to write the same file back. */
export type StoredZenginHeader = Omit<ZenginHeader, 'kind' | 'codeDivision' | 'transferDate'> & {
  lineBreaks: ZenginLineBreaks;
};

/**
 * A batch request (総合振込, 給与・賞与振込, SPEC §14): the request row holds the totals and goes through the request
 * state machine as one; this row says it has lines, of which Zengin kind, and, when it came from a file, that
 * file's header.
 */
@Entity('approval_request_batches')
export class RequestBatch {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  /** 種別コード: 21 総合振込, 11/71 給与, 12/72 賞与. */
  @Column({ name: 'zengin_kind', type: 'varchar', length: 2 })
  zenginKind!: ZenginKind;

  @Column({ name: 'line_count', type: 'int' })
  lineCount!: number;

  @Column({ name: 'zengin_header', type: 'simple-json', nullable: true })
  zenginHeader!: StoredZenginHeader | null;
}
