import { Permission } from '@kanri/access/permission';
import { createCompanyAccount, setUsableAccounts } from './support/approval-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import {
  addMember,
  createGroup,
  createOrg,
  grantPermissions,
  placeInGroup,
  type CreatedOrg,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 口座 and 口座一日当たりの限度額 (企業情報の変更), and each user's 利用可能口座 and 利用者一回当たり限度額 (利用者登録[口座])
 * (SPEC §4, §5): who may change them, and what values are refused.
 */
describe('company accounts and what each user may request with', () => {
  let t: TestApp;
  let org: CreatedOrg;
  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  const accountsPath = () => `/organizations/${org.orgId}/accounts`;
  const newAccount = (overrides: Record<string, unknown> = {}) => ({
    confirmationPassword: DEFAULT_CONFIRMATION,
    branchCode: '081',
    accountType: 'current',
    accountNumber: '0253226',
    accountName: 'カ）カンリ',
    ...overrides,
  });

  describe('accounts (company.manage, confirm)', () => {
    let accountId: string;

    it('registers an account with its daily limits of up to 15 digits', async () => {
      const res = await t.api('post', accountsPath(), org.manager.token).send(
        newAccount({
          branchName: '法人営業部一部',
          dailyLimits: { transferTotal: 999_999_999_999_999, adHocPayee: 0, registeredPayee: null },
        }),
      );
      expect(res.status).toBe(201);
      accountId = res.body.id;
      expect(res.body).toMatchObject({
        branchCode: '081',
        branchName: '法人営業部一部',
        accountType: 'current',
        accountNumber: '0253226',
        dailyLimits: { transferTotal: 999_999_999_999_999, adHocPayee: 0, registeredPayee: null },
      });
      const [row] = await t.dataSource.query(
        'SELECT transfer_total_limit FROM company_accounts WHERE id = ?',
        [accountId],
      );
      expect(Number(row.transfer_total_limit)).toBe(999_999_999_999_999);
      const read = await t.api('get', `${accountsPath()}/${accountId}`, org.manager.token);
      expect(read.body.dailyLimits.transferTotal).toBe(999_999_999_999_999);
    });

    it('refuses the same account twice (409), bad numbers and limits that are not integers of 15 digits (400)', async () => {
      expect((await t.api('post', accountsPath(), org.manager.token).send(newAccount())).status).toBe(409);
      const bad = [
        { accountNumber: '253226' },
        { branchCode: '81' },
        { accountType: 'foreign' },
        { accountName: '' },
        { dailyLimits: { transferTotal: 1_000_000_000_000_000 } },
        { dailyLimits: { transferTotal: 100.5 } },
        { dailyLimits: { adHocPayee: -1 } },
        { dailyLimits: { registeredPayee: '100' } },
        { dailyLimits: { other: 1 } },
      ];
      for (const overrides of bad) {
        const res = await t
          .api('post', accountsPath(), org.manager.token)
          .send(newAccount({ accountNumber: '7777777', ...overrides }));
        expect({ overrides, status: res.status }).toEqual({ overrides, status: 400 });
      }
      const count = await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM company_accounts WHERE organization_id = ?',
        [org.orgId],
      );
      expect(Number(count[0].n)).toBe(1);
    });

    it('changes the name and limits only; null removes a limit; absent ones stay', async () => {
      const res = await t.api('patch', `${accountsPath()}/${accountId}`, org.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        accountName: 'カ）カンリ　ホンシャ',
        dailyLimits: { transferTotal: null, adHocPayee: 500_000 },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        accountName: 'カ）カンリ　ホンシャ',
        accountNumber: '0253226',
        dailyLimits: { transferTotal: null, adHocPayee: 500_000, registeredPayee: null },
      });
      const renumber = await t
        .api('patch', `${accountsPath()}/${accountId}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountNumber: '1111111' });
      expect(renumber.status).toBe(400);
    });

    it('needs company.manage and the confirmation password; other organizations see 404', async () => {
      const member = await addMember(t, org.orgId);
      expect((await t.api('get', accountsPath(), member.token)).status).toBe(403);
      expect(
        (await t.api('post', accountsPath(), member.token).send(newAccount({ accountNumber: '2222222' })))
          .status,
      ).toBe(403);
      const noPassword = await t
        .api('post', accountsPath(), org.manager.token)
        .send({ ...newAccount({ accountNumber: '2222222' }), confirmationPassword: undefined });
      expect(noPassword.status).toBe(400);
      const wrong = await t
        .api('post', accountsPath(), org.manager.token)
        .send(newAccount({ accountNumber: '2222222', confirmationPassword: 'Wrong-000' }));
      expect([wrong.status, wrong.body.code]).toEqual([403, 'CONFIRMATION_PASSWORD_INVALID']);
      await grantPermissions(t, org, member.id, [Permission.CompanyManage]);
      expect((await t.api('get', accountsPath(), member.token)).body.items).toHaveLength(1);
      const stranger = await createOrg(t);
      expect((await t.api('get', accountsPath(), stranger.manager.token)).status).toBe(404);
      const theirs = await createCompanyAccount(t, stranger);
      expect((await t.api('get', `${accountsPath()}/${theirs}`, org.manager.token)).status).toBe(404);
      const patchTheirs = await t
        .api('patch', `${accountsPath()}/${theirs}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountName: 'X' });
      expect(patchTheirs.status).toBe(404);
    });

    it('企業一日当たりの限度額 take up to 12 digits', async () => {
      const patch = (dailyLimits: Record<string, unknown>) =>
        t
          .api('patch', `/organizations/${org.orgId}`, org.manager.token)
          .send({ confirmationPassword: DEFAULT_CONFIRMATION, dailyLimits });
      expect((await patch({ bulk_transfer: 999_999_999_999 })).status).toBe(200);
      expect((await patch({ bulk_transfer: 1_000_000_000_000 })).status).toBe(400);
      expect((await patch({ payroll: 1.5 })).status).toBe(400);
    });
  });

  describe("a user's usable accounts and per-transaction limits (users.manage, confirm)", () => {
    it('the manager sets them; the user reads their own; nobody else sees them', async () => {
      const user = await addMember(t, org.orgId);
      const other = await addMember(t, org.orgId);
      const a = await createCompanyAccount(t, org);
      const b = await createCompanyAccount(t, org);
      await setUsableAccounts(t, org, user.id, [b, a]);
      const limits = await t
        .api('put', `/organizations/${org.orgId}/users/${user.id}/transaction-limits`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, limits: { transfer: 1_000_000, payroll: null } });
      expect(limits.status).toBe(200);
      expect(limits.body).toEqual({
        userId: user.id,
        limits: { transfer: 1_000_000, bulk_transfer: null, payroll: null, account_debit: null },
      });
      const own = await t.api(
        'get',
        `/organizations/${org.orgId}/users/${user.id}/usable-accounts`,
        user.token,
      );
      expect(own.body.accounts.map((x: { id: string }) => x.id).sort()).toEqual([a, b].sort());
      expect(
        (await t.api('get', `/organizations/${org.orgId}/users/${user.id}/transaction-limits`, user.token))
          .body.limits.transfer,
      ).toBe(1_000_000);
      expect(
        (await t.api('get', `/organizations/${org.orgId}/users/${user.id}/usable-accounts`, other.token))
          .status,
      ).toBe(404);
      expect(
        (await t.api('get', `/organizations/${org.orgId}/users/${user.id}/transaction-limits`, other.token))
          .status,
      ).toBe(404);
      // Replacing empties what is not listed.
      await setUsableAccounts(t, org, user.id, [a]);
      const after = await t.api(
        'get',
        `/organizations/${org.orgId}/users/${user.id}/usable-accounts`,
        user.token,
      );
      expect(after.body.accounts.map((x: { id: string }) => x.id)).toEqual([a]);
    });

    it("refuses raising one's own limit, unknown accounts, other organizations' users and bad amounts", async () => {
      const admin = await addMember(t, org.orgId);
      await grantPermissions(t, org, admin.id, [Permission.UsersManage]);
      const self = await t
        .api('put', `/organizations/${org.orgId}/users/${admin.id}/transaction-limits`, admin.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, limits: { transfer: 1 } });
      expect(self.status).toBe(403);
      const user = await addMember(t, org.orgId);
      const stranger = await createOrg(t);
      const theirAccount = await createCompanyAccount(t, stranger);
      const unknown = await t
        .api('put', `/organizations/${org.orgId}/users/${user.id}/usable-accounts`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountIds: [theirAccount] });
      expect(unknown.status).toBe(404);
      const foreignUser = await t
        .api(
          'put',
          `/organizations/${org.orgId}/users/${stranger.manager.id}/usable-accounts`,
          org.manager.token,
        )
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountIds: [] });
      expect(foreignUser.status).toBe(404);
      for (const transfer of [1.5, -1, '100', 1_000_000_000_000_000]) {
        const res = await t
          .api('put', `/organizations/${org.orgId}/users/${user.id}/transaction-limits`, org.manager.token)
          .send({ confirmationPassword: DEFAULT_CONFIRMATION, limits: { transfer } });
        expect({ transfer, status: res.status }).toEqual({ transfer, status: 400 });
      }
      const noManage = await t
        .api('put', `/organizations/${org.orgId}/users/${admin.id}/usable-accounts`, user.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountIds: [] });
      expect(noManage.status).toBe(403);
    });

    it('users.manage limited to a subtree reaches only users of that subtree', async () => {
      const group = await createGroup(t, org, 'SALES');
      const admin = await addMember(t, org.orgId);
      const inside = await addMember(t, org.orgId);
      const outside = await addMember(t, org.orgId);
      await placeInGroup(t, admin.id, group);
      await placeInGroup(t, inside.id, group);
      await grantPermissions(t, org, admin.id, [{ permission: Permission.UsersManage, scope: 'subtree' }]);
      const put = (userId: string) =>
        t
          .api('put', `/organizations/${org.orgId}/users/${userId}/transaction-limits`, admin.token)
          .send({ confirmationPassword: DEFAULT_CONFIRMATION, limits: { transfer: 10_000 } });
      expect((await put(inside.id)).status).toBe(200);
      expect((await put(outside.id)).status).toBe(404);
    });
  });
});
