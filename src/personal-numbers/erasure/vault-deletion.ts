import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { deleteDocumentsOfRecords } from '../documents/document-deletion';
import { PersonalNumberEmployee } from '../personal-number-employee.entity';
import { PersonalNumberRecord } from '../personal-number-record.entity';

const CHUNK = 500;

/**
 * Deletes employees and all their records with the records' ID documents, in chunks of ids (multi-row DELETEs);
 * returns how many of each. Inside the caller's transaction.
 */
export async function deleteEmployees(
  em: EntityManager,
  orgId: string,
  employeeIds: readonly string[],
): Promise<{ employees: number; records: number }> {
  let records = 0;
  for (let start = 0; start < employeeIds.length; start += CHUNK) {
    const ids = employeeIds.slice(start, start + CHUNK);
    const recordIds = await em.find(PersonalNumberRecord, {
      where: { organizationId: orgId, employeeId: In(ids) },
      select: { id: true },
    });
    records += recordIds.length;
    await deleteDocumentsOfRecords(
      em,
      orgId,
      recordIds.map((r) => r.id),
    );
    await em.delete(PersonalNumberRecord, { organizationId: orgId, employeeId: In(ids) });
    await em.delete(PersonalNumberEmployee, { organizationId: orgId, id: In(ids) });
  }
  return { employees: employeeIds.length, records };
}
