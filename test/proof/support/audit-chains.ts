import type { TestApp } from '../../support/test-app';
import { AuditVerifyService } from '../../../src/audit-history/audit-verify.service';

/**
 * Verifies every hash chain in the database (each organization's and the system's, operations and login
 * history), with the same service `GET …/audit/verify` answers with. Returns the chains that do not verify.
 */
export async function brokenAuditChains(t: TestApp): Promise<{ chains: number; broken: string[] }> {
  const heads: { chain: string }[] = await t.dataSource.query('SELECT chain FROM audit_chain_heads');
  const chains = [...new Set(heads.map((h) => h.chain.slice(h.chain.indexOf(':') + 1)))];
  const verifier = t.app.get(AuditVerifyService);
  const broken: string[] = [];
  for (const chain of chains) {
    const report = await verifier.verify(chain);
    if (!report.ok)
      broken.push(
        `${chain}: ${JSON.stringify({ operations: report.operations.firstBroken, login: report.loginHistory.firstBroken })}`,
      );
  }
  return { chains: chains.length, broken };
}
