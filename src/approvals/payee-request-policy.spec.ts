import { Permission } from '@kanri/access/permission';
import { assertMayRequest, assertMayRequestSome, mayRequest } from './payee-request-policy';

const actor = (...p: Permission[]) => ({ permissions: new Map(p.map((x) => [x, null])) });

describe('payee request permissions (SPEC §14)', () => {
  it('the bare request permission covers every payee source', () => {
    const a = actor(Permission.ApprovalsRequestTransfer);
    for (const s of ['registered', 'user_registered', 'new_account'] as const) {
      expect(mayRequest(a, 'transfer', s)).toBe(true);
    }
    expect(mayRequest(a, 'bulk_transfer', 'registered')).toBe(false);
  });

  it('a payee grant covers its source and business only', () => {
    const a = actor(
      Permission.ApprovalsRequestTransferRegistered,
      Permission.ApprovalsRequestTransferUserRegistered,
    );
    expect(mayRequest(a, 'transfer', 'registered')).toBe(true);
    expect(mayRequest(a, 'transfer', 'user_registered')).toBe(true);
    expect(mayRequest(a, 'transfer', 'new_account')).toBe(false);
    expect(mayRequest(a, 'payroll', 'registered')).toBe(false);
    expect(() => assertMayRequest(a, 'transfer', 'new_account')).toThrow(
      /approvals.request.transfer.new_account/,
    );
    expect(() => assertMayRequestSome(a, 'transfer')).not.toThrow();
    expect(() => assertMayRequestSome(a, 'account_debit')).toThrow();
  });

  it('refuses with 403 FORBIDDEN, before anything is read or written', () => {
    const none = actor();
    for (const s of ['registered', 'user_registered', 'new_account'] as const) {
      expect(mayRequest(none, 'transfer', s)).toBe(false);
    }
    expect(() => assertMayRequestSome(none, 'transfer')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', status: 403 }),
    );
    expect(() => assertMayRequest(none, 'payroll', 'registered')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', status: 403 }),
    );
    // Any one source is enough to pass the check before the file is read.
    expect(() =>
      assertMayRequestSome(actor(Permission.ApprovalsRequestPayrollNewAccount), 'payroll'),
    ).not.toThrow();
    expect(() =>
      assertMayRequestSome(actor(Permission.ApprovalsRequestPayrollRegistered), 'payroll'),
    ).not.toThrow();
    expect(() =>
      assertMayRequest(actor(Permission.ApprovalsRequestPayroll), 'payroll', 'new_account'),
    ).not.toThrow();
  });
});
