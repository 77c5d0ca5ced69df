/**
 * Where the audit trail reads what it snapshots about an operator (部署・職名). The audit module imports no feature
 * module (ARCHITECTURE "Dependency rule"), so the users module's service is plugged in from outside at start
 * (audit-history.module.ts); until then rows carry no department.
 */
export interface OperatorDirectory {
  /** Departments of these users now; unknown ids are absent. */
  departmentsOf(userIds: readonly string[]): Promise<Map<string, string | null>>;
}
