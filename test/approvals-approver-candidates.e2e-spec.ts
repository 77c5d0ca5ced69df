import { Permission } from '@kanri/access/permission';
import {
  type ApprovalOrg,
  approvalOrg,
  businessDay,
  postRequest,
  postStandardFee,
  requestBody,
  setUsableAccounts,
} from './support/approval-helpers';
import { addMember, grantPermissions } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

/**
 * 承認者の指定 (SPEC §5): the request form lists whom a request may name as approvers. Only members who would pass the
 * approver check at creation (active, holding approvals.approve.<business>, not the requester), only to callers who
 * may request that business, only id, login ID and name, and never a member of another organization. Also the
 * 全取引照会 filters of the request list (execution date range, requester) and the names it carries.
 */
describe('approver candidates and the request list filters', () => {
  let t: TestApp;
  let a: ApprovalOrg;
  let b: ApprovalOrg;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // Tuesday 10:00 in Tokyo
    await postStandardFee(t, businessDay(t));
    a = await approvalOrg(t, { modes: { transfer: 'double_ordered' } });
    b = await approvalOrg(t);
  });
  afterAll(() => t.close());

  const candidates = (o: ApprovalOrg, token: string, businessType?: string) =>
    t
      .api('get', `/organizations/${o.org.orgId}/requests/approver-candidates`, token)
      .query(businessType === undefined ? {} : { businessType });
  const ids = (body: { items: { id: string }[] }) => body.items.map((c) => c.id).sort();

  it('lists the members who may approve the business, with only id, login ID and name', async () => {
    const res = await candidates(a, a.requester.token, 'transfer');
    expect(res.status).toBe(200);
    // The creator (manager) holds every organization permission, approving included.
    expect(ids(res.body)).toEqual([a.approver1.id, a.approver2.id, a.org.manager.id].sort());
    const first = res.body.items.find((c: { id: string }) => c.id === a.approver1.id);
    expect(first).toEqual({ id: a.approver1.id, loginId: a.approver1.loginId, displayName: '佐藤 一郎' });
    for (const c of res.body.items) expect(Object.keys(c).sort()).toEqual(['displayName', 'id', 'loginId']);
    // Never the requester, never a member without the approve permission, never another organization's member.
    expect(ids(res.body)).not.toContain(a.requester.id);
    expect(ids(res.body)).not.toContain(a.bystander.id);
    for (const other of [b.approver1.id, b.approver2.id, b.org.manager.id]) {
      expect(ids(res.body)).not.toContain(other);
    }
    // Every candidate passes the approver check of creation.
    const created = await postRequest(
      t,
      a,
      a.requester.token,
      requestBody(t, a, { approverIds: [a.approver1.id, a.approver2.id] }),
    );
    expect(created.status).toBe(201);
  });

  it('follows the approve permission of the business asked about', async () => {
    const onlyTransfer = await addMember(t, a.org.orgId);
    await grantPermissions(t, a.org, onlyTransfer.id, [Permission.ApprovalsApproveTransfer]);
    const transfer = await candidates(a, a.requester.token, 'transfer');
    const payroll = await candidates(a, a.requester.token, 'payroll');
    expect(ids(transfer.body)).toContain(onlyTransfer.id);
    expect(payroll.status).toBe(200);
    expect(ids(payroll.body)).not.toContain(onlyTransfer.id);
    expect(ids(payroll.body)).toContain(a.approver1.id);
  });

  it('leaves out a disabled member, whom creation would refuse', async () => {
    const leaving = await addMember(t, a.org.orgId);
    await grantPermissions(t, a.org, leaving.id, [Permission.ApprovalsApproveTransfer]);
    expect(ids((await candidates(a, a.requester.token, 'transfer')).body)).toContain(leaving.id);
    await t.dataSource.query('UPDATE users SET is_disabled = ? WHERE id = ?', [true, leaving.id]);
    expect(ids((await candidates(a, a.requester.token, 'transfer')).body)).not.toContain(leaving.id);
    const refused = await postRequest(
      t,
      a,
      a.requester.token,
      requestBody(t, a, { approverIds: [a.approver1.id, leaving.id] }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('APPROVER_NOT_ELIGIBLE');
  });

  it('answers 403 to a member who may not request the business', async () => {
    for (const member of [a.bystander, a.approver1]) {
      const res = await candidates(a, member.token, 'transfer');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      expect(res.body.items).toBeUndefined();
    }
    // A narrower grant (new accounts only) is a request permission too.
    const narrow = await addMember(t, a.org.orgId);
    await grantPermissions(t, a.org, narrow.id, [Permission.ApprovalsRequestTransferNewAccount]);
    expect((await candidates(a, narrow.token, 'transfer')).status).toBe(200);
    expect((await candidates(a, narrow.token, 'payroll')).status).toBe(403);
  });

  it('answers 400 for a missing or unknown business', async () => {
    for (const business of [undefined, 'loans', '']) {
      const res = await candidates(a, a.requester.token, business);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.fields.businessType).toBeDefined();
    }
  });

  it("never shows another organization's members to an outsider", async () => {
    const res = await candidates(b, a.requester.token, 'transfer');
    expect([403, 404]).toContain(res.status);
    expect(res.body.items).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain(b.approver1.id);
  });

  it('全取引照会 filters by execution date range and requester, and names the people of each request', async () => {
    const other = await addMember(t, a.org.orgId, { familyName: '鈴木', givenName: '花子' });
    await grantPermissions(t, a.org, other.id, [Permission.ApprovalsRequestTransfer]);
    await setUsableAccounts(t, a.org, other.id, [a.accountId]);
    const dated = async (token: string, offset: number) => {
      const res = await t.api('post', `/organizations/${a.org.orgId}/requests`, token).send(
        requestBody(t, a, {
          executionDate: businessDay(t, offset),
          approverIds: [a.approver1.id, a.approver2.id],
        }),
      );
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const in10 = await dated(a.requester.token, 10);
    const in20 = await dated(a.requester.token, 20);
    const otherId = await dated(other.token, 15);

    const all = (query: Record<string, string>) =>
      t
        .api('get', `/organizations/${a.org.orgId}/requests`, a.org.manager.token)
        .query({ view: 'all', ...query });
    const range = await all({ executionDateFrom: businessDay(t, 9), executionDateTo: businessDay(t, 16) });
    expect(range.status).toBe(200);
    const inRange = range.body.items.map((r: { id: string }) => r.id);
    expect(inRange).toContain(in10);
    expect(inRange).not.toContain(in20);
    expect(inRange).toContain(otherId);
    expect(range.body.total).toBe(2);
    for (const r of range.body.items) {
      expect(r.executionDate >= businessDay(t, 9) && r.executionDate <= businessDay(t, 16)).toBe(true);
    }

    const mine = await all({ requesterLoginId: a.requester.loginId });
    expect(mine.body.items.length).toBeGreaterThanOrEqual(3);
    expect(mine.body.items.every((r: { requesterId: string }) => r.requesterId === a.requester.id)).toBe(
      true,
    );
    const row = mine.body.items.find((r: { id: string }) => r.id === in10);
    expect(row.people).toEqual({
      [a.requester.id]: { loginId: a.requester.loginId, displayName: '佐藤 一郎' },
      [a.approver1.id]: { loginId: a.approver1.loginId, displayName: '佐藤 一郎' },
      [a.approver2.id]: { loginId: a.approver2.loginId, displayName: '佐藤 一郎' },
    });
    const theirs = await all({ requesterLoginId: other.loginId });
    expect(theirs.body.items.map((r: { id: string }) => r.id)).toEqual([otherId]);
    expect(theirs.body.items[0].people[other.id]).toEqual({
      loginId: other.loginId,
      displayName: '鈴木 花子',
    });
    // Another organization's login ID matches nothing here.
    expect((await all({ requesterLoginId: b.requester.loginId })).body).toMatchObject({
      items: [],
      total: 0,
    });
    // One request carries its people as well.
    const one = await t.api('get', `/organizations/${a.org.orgId}/requests/${in20}`, a.approver2.token);
    expect(one.body.people[a.requester.id]).toEqual({
      loginId: a.requester.loginId,
      displayName: '佐藤 一郎',
    });

    const bad = await all({ executionDateFrom: '2026/11/01' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    // A date that does not exist is refused too, on either end of the range.
    const missingDates: Record<string, string>[] = [
      { executionDateFrom: '2026-02-30' },
      { executionDateTo: '2026-13-01' },
    ];
    for (const query of missingDates) {
      const missing = await all(query);
      expect(missing.status).toBe(400);
      expect(missing.body.details.fields).toHaveProperty(Object.keys(query)[0]);
    }
  });
});
