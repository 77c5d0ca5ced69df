/**
 * What the job runner needs of the audit trail: the audit recorder's `runAsSystem`, which records one run as the
 * system operator (its first committing transaction carries the row; a run that committed nothing or failed is
 * recorded afterwards). The audit module provides it; libs/ cannot import the recorder itself.
 */
export abstract class JobAuditTrail {
  abstract runAsSystem<T>(
    job: {
      name: string;
      screen: string;
      operation: 'register' | 'update' | 'delete';
      details?: unknown;
    },
    work: () => Promise<T>,
  ): Promise<T>;
}
