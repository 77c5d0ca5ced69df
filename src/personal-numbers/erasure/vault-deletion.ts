import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { PersonalNumberEmployee } from '../personal-number-employee.entity';
import { PersonalNumberRecord } from '../personal-number-record.entity';

const CHUNK = 500;

/**
 * Deletes employees and all their records, in chunks of ids (multi-row DELETEs); returns how many of each. Inside
 * the caller's transaction.
 */
export async function deleteEmployees(
  em: EntityManager,
  orgId: string,
  employeeIds: readonly string[],
): Promise<{ employees: number; records: number }> {
  let records = 0;
  for (let start = 0; start < employeeIds.length; start += CHUNK) {
    const ids = employeeIds.slice(start, start + CHUNK);
    records += await em.count(PersonalNumberRecord, {
      where: { organizationId: orgId, employeeId: In(ids) },
    });
    await em.delete(PersonalNumberRecord, { organizationId: orgId, employeeId: In(ids) });
    await em.delete(PersonalNumberEmployee, { organizationId: orgId, id: In(ids) });
  }
  return { employees: employeeIds.length, records };
}
