import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION } from './support/factories';
import {
  addMember,
  createOrg,
  type CreatedOrg,
  grantPermissions,
  type OrgMember,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/** SPEC §14 振込先管理 / 請求先管理: the payee register, its permissions, CSV export and all-or-nothing import. */
describe('payee register', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let keeper: OrgMember;
  let stranger: OrgMember;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    keeper = await addMember(t, org.orgId);
    stranger = await addMember(t, org.orgId);
    await grantPermissions(t, org, keeper.id, [Permission.PayeesManage]);
  });
  afterAll(() => t.close());

  const base = () => `/organizations/${org.orgId}/payees`;
  const payee = (overrides: Record<string, unknown> = {}) => ({
    confirmationPassword: DEFAULT_CONFIRMATION,
    bankCode: '0001',
    bankName: 'ﾐｽﾞﾎ',
    branchCode: '081',
    branchName: 'ﾎﾝﾃﾝ',
    accountType: 'ordinary',
    accountNumber: '1234567',
    nameKana: 'ヤマダ　タロウ',
    ...overrides,
  });
  const count = async (orgId = org.orgId) =>
    Number(
      (
        (await t.dataSource.query('SELECT COUNT(*) AS n FROM payees WHERE organization_id = ?', [orgId])) as {
          n: number | string;
        }[]
      )[0].n,
    );
  const upload = (token: string, text: string | Buffer) =>
    t
      .api('post', `${base()}/import`, token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .attach('file', Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), 'payees.csv');

  it('a member with payees.manage registers a user-registered payee; the kana name is converted to Zengin', async () => {
    const res = await t.api('post', base(), keeper.token).send(payee());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'transfer',
      registration: 'user_registered',
      bankCode: '0001',
      branchCode: '081',
      accountType: 'ordinary',
      accountNumber: '1234567',
      nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ',
      createdBy: keeper.id,
    });
    const [row] = await t.dataSource.query('SELECT name_kana, registration FROM payees WHERE id = ?', [
      res.body.id,
    ]);
    expect(row).toEqual({ name_kana: 'ﾔﾏﾀﾞ ﾀﾛｳ', registration: 'user_registered' });
    // The same account again: 409, still one row.
    const again = await t.api('post', base(), keeper.token).send(payee());
    expect([again.status, again.body.code]).toEqual([409, 'CONFLICT']);
    // The same account as a 請求先 is another entry.
    expect((await t.api('post', base(), keeper.token).send(payee({ kind: 'debit' }))).status).toBe(201);
    expect(await count()).toBe(2);
  });

  it('validates digits, lengths and the Zengin character set, naming the field; nothing is saved', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ bankCode: '001' }, 'bankCode'],
      [{ branchCode: '08a' }, 'branchCode'],
      [{ accountNumber: '123456' }, 'accountNumber'],
      [{ accountType: 'other' }, 'accountType'],
      [{ nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ山' }, 'nameKana'],
      [{ nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳa' }, 'nameKana'],
      [{ nameKana: 'ｱ'.repeat(31) }, 'nameKana'],
    ];
    for (const [override, field] of cases) {
      const res = await t
        .api('post', base(), keeper.token)
        .send(payee({ accountNumber: '7654321', ...override }));
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(Object.keys(res.body.details.fields)).toContain(field);
    }
    const kana = await t
      .api('post', base(), keeper.token)
      .send(payee({ accountNumber: '7654321', nameKana: 'ﾔﾏﾀﾞa' }));
    expect(kana.body.details.fields.nameKana[0]).toContain('"a"');
    expect(await count()).toBe(before);
  });

  it('registered payees are kept with company.manage; a member without rights is refused', async () => {
    const refused = await t
      .api('post', base(), keeper.token)
      .send(payee({ registration: 'registered', accountNumber: '2222222' }));
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    const made = await t
      .api('post', base(), org.manager.token)
      .send(payee({ registration: 'registered', accountNumber: '2222222', nameKana: 'ｶ)ﾄﾘﾋｷｻｷ' }));
    expect(made.status).toBe(201);
    // The keeper can read it (to pick it) but not change or delete it.
    expect((await t.api('get', `${base()}/${made.body.id}`, keeper.token)).status).toBe(200);
    const patch = await t
      .api('patch', `${base()}/${made.body.id}`, keeper.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, groupName: 'x' });
    expect(patch.status).toBe(403);
    // A member with no payee or request permission cannot even read the register.
    expect((await t.api('get', base(), stranger.token)).status).toBe(403);
  });

  it('updates with the confirmation password; only the fields sent change; another organization gets 404', async () => {
    const made = await t.api('post', base(), keeper.token).send(payee({ accountNumber: '3333333' }));
    const wrong = await t
      .api('patch', `${base()}/${made.body.id}`, keeper.token)
      .send({ confirmationPassword: 'wrong-one', groupName: '仕入先' });
    expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
    const res = await t
      .api('patch', `${base()}/${made.body.id}`, keeper.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, groupName: '仕入先', nameKana: 'スズキ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupName: '仕入先', nameKana: 'ｽｽﾞｷ', accountNumber: '3333333' });
    const other = await createOrg(t);
    expect(
      (await t.api('get', `/organizations/${other.orgId}/payees/${made.body.id}`, other.manager.token))
        .status,
    ).toBe(404);
    const del = await t
      .api('delete', `/organizations/${other.orgId}/payees/${made.body.id}`, other.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    expect(del.status).toBe(404);
    const mine = await t
      .api('delete', `${base()}/${made.body.id}`, keeper.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    expect(mine.status).toBe(204);
    expect(await t.dataSource.query('SELECT id FROM payees WHERE id = ?', [made.body.id])).toEqual([]);
  });

  it('lists a page at a time with filters, and the change is in the operation history', async () => {
    const page = await t.api('get', `${base()}?perPage=25&kind=transfer`, keeper.token);
    expect(page.status).toBe(200);
    expect(page.body.items.every((p: { kind: string }) => p.kind === 'transfer')).toBe(true);
    expect(page.body.total).toBe(page.body.items.length);
    const byName = await t.api('get', `${base()}?name=${encodeURIComponent('ﾔﾏﾀﾞ')}`, keeper.token);
    expect(byName.body.items.map((p: { nameKana: string }) => p.nameKana)).toEqual(['ﾔﾏﾀﾞ ﾀﾛｳ', 'ﾔﾏﾀﾞ ﾀﾛｳ']);
    const second = await t.api('get', `${base()}?perPage=25&page=2`, keeper.token);
    expect(second.body.items).toEqual([]);
    const audit = (await t.dataSource.query(
      "SELECT screen, operation, outcome FROM operation_history WHERE organization_id = ? AND screen = '振込先管理' AND operation = 'register' AND outcome = 'success'",
      [org.orgId],
    )) as unknown[];
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('exports CSV that imports into another organization; a bad row rejects the whole file naming line and field', async () => {
    const exported = await t.api('get', `${base()}/export`, org.manager.token);
    expect(exported.status).toBe(200);
    const text = exported.text.replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      '区分,登録区分,金融機関コード,金融機関名,支店コード,支店名,預金種目,口座番号,受取人名,グループ',
    );
    expect(lines.length - 1).toBe(await count());

    const other = await createOrg(t);
    const otherUpload = (csv: string) =>
      t
        .api('post', `/organizations/${other.orgId}/payees/import`, other.manager.token)
        .field('confirmationPassword', DEFAULT_CONFIRMATION)
        .attach('file', Buffer.from(csv, 'utf8'), 'payees.csv');
    // One bad account number on line 3, one duplicate on the last line: nothing is saved.
    const bad = [
      lines[0],
      lines[1],
      lines[2].replace(/,(\d{7}),/, ',123456,'),
      ...lines.slice(3),
      lines[1],
    ].join('\r\n');
    const refused = await otherUpload(bad);
    expect([refused.status, refused.body.code]).toEqual([422, 'IMPORT_INVALID']);
    expect(refused.body.details.rows).toEqual(
      expect.arrayContaining([
        { line: 3, field: '口座番号', message: 'must be 7 digits' },
        { line: lines.length + 1, field: '口座番号', message: 'the same account as line 2' },
      ]),
    );
    expect(await count(other.orgId)).toBe(0);

    const ok = await otherUpload(text);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ imported: lines.length - 1 });
    expect(await count(other.orgId)).toBe(lines.length - 1);
    // Importing it again: every row is already there, nothing changes.
    const again = await otherUpload(text);
    expect(again.status).toBe(422);
    expect(await count(other.orgId)).toBe(lines.length - 1);
  });

  it('an import of registered payees needs company.manage for those rows', async () => {
    const before = await count();
    const csv = [
      '区分,登録区分,金融機関コード,金融機関名,支店コード,支店名,預金種目,口座番号,受取人名,グループ',
      'transfer,user_registered,0005,,001,,1,5555555,ﾀﾅｶ,',
      'transfer,registered,0005,,001,,普通,5555556,ﾀﾅｶ ｼﾞﾛｳ,',
    ].join('\n');
    const res = await upload(keeper.token, csv);
    expect(res.status).toBe(422);
    expect(res.body.details.rows).toEqual([
      { line: 3, field: '登録区分', message: expect.stringContaining('company.manage') },
    ]);
    expect(await count()).toBe(before);
  });
});
