/**
 * How an operation ended, from its HTTP status: `refused` for the access decisions (401 not signed in, 403 not
 * allowed, 404 not found or not yours — SPEC §0 answers 404 for other organizations' resources), `failure` for every
 * other error, `success` otherwise.
 */
export type AuditOutcome = 'success' | 'failure' | 'refused';

export function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403 || status === 404) return 'refused';
  return status >= 400 ? 'failure' : 'success';
}
