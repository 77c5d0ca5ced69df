import type { EntityManager } from 'typeorm';

/**
 * Where the audit trail reads what it snapshots about an operator (部署・職名). The audit module imports no feature
 * module (docs/architecture.md "Dependency direction"), so the users module's UserDirectory is plugged in from
 * outside at start (src/audit-history/audit-history.module.ts); until then rows carry no department.
 */
export interface OperatorDirectory {
  /** Departments of these users now; unknown ids are absent. Inside a transaction, read with its `em`. */
  departmentsOf(userIds: readonly string[], em?: EntityManager): Promise<Map<string, string | null>>;
}
