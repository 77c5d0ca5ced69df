import type { PersonalNumberEmployee } from './personal-number-employee.entity';
import { MASKED_NUMBER, type RecordState, type Relation } from './personal-number-fields';
import type { PersonalNumberRecord } from './personal-number-record.entity';

/** A record as every list and GET shows it: the number masked (no digit), never the ciphertext. */
export interface RecordView {
  id: string;
  employeeCode: string;
  familyName: string;
  givenName: string;
  relation: Relation;
  state: RecordState;
  /** `************` when a number is stored (state collected), else null. */
  maskedNumber: string | null;
  /** The employee's 所属 and 退職日 (shared by all of the employee's records). */
  groupId: string | null;
  retiredOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export type RecordColumns = Pick<
  PersonalNumberRecord,
  'id' | 'relation' | 'familyName' | 'givenName' | 'state' | 'createdAt' | 'updatedAt'
>;

export function toRecordView(
  r: RecordColumns,
  e: Pick<PersonalNumberEmployee, 'employeeCode' | 'groupId' | 'retiredOn'>,
): RecordView {
  return {
    id: r.id,
    employeeCode: e.employeeCode,
    familyName: r.familyName,
    givenName: r.givenName,
    relation: r.relation,
    state: r.state,
    maskedNumber: r.state === 'collected' ? MASKED_NUMBER : null,
    groupId: e.groupId,
    retiredOn: e.retiredOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The columns a list reads: everything the view needs and nothing sealed. */
export const VIEW_COLUMNS = [
  'r.id',
  'r.employeeId',
  'r.relation',
  'r.familyName',
  'r.givenName',
  'r.state',
  'r.createdAt',
  'r.updatedAt',
];
