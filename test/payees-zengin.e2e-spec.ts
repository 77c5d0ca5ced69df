import * as iconv from 'iconv-lite';
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

// Records built field by field from the Zengin layout (SPEC §14), not with the codec under test.
const n = (v: string | number, len: number) => String(v).padStart(len, '0');
const c = (v: string, len: number) => v.padEnd(len, ' ');
const header = () =>
  '1' +
  '21' +
  '0' +
  n('1234567890', 10) +
  c('ｶ)ｶﾝﾘ', 40) +
  '1225' +
  n('0001', 4) +
  c('ﾐｽﾞﾎ', 15) +
  '100' +
  c('ﾎﾝﾃﾝ', 15) +
  '1' +
  n('1234567', 7) +
  ' '.repeat(17);
const data = (over: Partial<Record<string, string>> = {}) =>
  '2' +
  (over.bankCode ?? '0005') +
  c(over.bankName ?? 'ﾐﾂﾋﾞｼ', 15) +
  (over.branchCode ?? '001') +
  c('ﾏﾙﾉｳﾁ', 15) +
  '0000' +
  (over.accountType ?? '1') +
  (over.accountNumber ?? '7654321') +
  c(over.payeeName ?? 'ﾔﾏﾀﾞ ﾀﾛｳ', 30) +
  n(over.amount ?? 30329, 10) +
  '0' +
  n('1', 10) +
  n('0', 10) +
  '7' +
  ' ' +
  ' '.repeat(7);
const trailer = (count: number, total: number) => '8' + n(count, 6) + n(total, 12) + ' '.repeat(101);
const end = () => '9' + ' '.repeat(119);
const file = (records: string[], sep = '\r\n') => iconv.encode(records.join(sep) + sep, 'Shift_JIS');

/** SPEC §14: payees from a 全銀協 standard-format file, all or nothing, errors naming record and field. */
describe('payee register: Zengin import', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let keeper: OrgMember;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    keeper = await addMember(t, org.orgId);
    await grantPermissions(t, org, keeper.id, [Permission.PayeesManage]);
  });
  afterAll(() => t.close());

  const upload = (token: string, bytes: Buffer, query = '') =>
    t
      .api('post', `/organizations/${org.orgId}/payees/import-zengin${query}`, token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .attach('file', bytes, 'sogo.txt');
  const payees = async () =>
    (await t.dataSource.query(
      'SELECT bank_code, bank_name, branch_code, account_type, account_number, name_kana, registration, kind FROM payees WHERE organization_id = ? ORDER BY account_number',
      [org.orgId],
    )) as Record<string, string>[];

  it('a bad record among many refuses the whole file, naming record and field; nothing is saved', async () => {
    const lines = Array.from({ length: 50 }, (_, i) =>
      data({ accountNumber: n(1_000_000 + i, 7), amount: '1' }),
    );
    lines[20] = data({ accountNumber: '123456 ', amount: '1' }); // record 22: six digits
    lines[30] = data({ accountNumber: n(2_000_000, 7), accountType: '9', amount: '1' }); // record 32: その他
    const res = await upload(keeper.token, file([header(), ...lines, trailer(50, 50), end()]));
    expect([res.status, res.body.code]).toEqual([422, 'IMPORT_INVALID']);
    expect(res.body.details.records).toEqual([
      expect.objectContaining({ record: 22, field: 'accountNumber' }),
    ]);
    // Once the file reads, the payee rules name their records too.
    lines[20] = data({ accountNumber: n(3_000_000, 7), amount: '1' });
    lines[40] = data({ accountNumber: n(1_000_001, 7), amount: '1' }); // the same account as record 3
    const again = await upload(keeper.token, file([header(), ...lines, trailer(50, 50), end()]));
    expect(again.status).toBe(422);
    expect(again.body.details.records).toEqual([
      { record: 32, field: 'accountType', message: expect.stringContaining('(9)') },
      { record: 42, field: 'accountNumber', message: 'the same account as record 3' },
    ]);
    const offByOne = await upload(keeper.token, file([header(), data(), trailer(1, 30330), end()]));
    expect(offByOne.body.details.records).toEqual([
      expect.objectContaining({ record: 3, field: 'totalAmount' }),
    ]);
    expect(await payees()).toEqual([]);
  });

  it('header, three data records, trailer and end: three payees, without CR LF too', async () => {
    const records = [
      header(),
      data(),
      data({
        bankCode: '0009',
        bankName: 'ﾐﾂｲｽﾐﾄﾓ',
        accountNumber: '1111111',
        payeeName: 'ｽｽﾞｷ ﾊﾅｺ',
        amount: '250000',
      }),
      data({ accountType: '2', accountNumber: '2222222', payeeName: 'ｶ)ﾄﾘﾋｷｻｷ', amount: '1' }),
      trailer(3, 30329 + 250000 + 1),
      end(),
    ];
    const res = await upload(keeper.token, iconv.encode(records.join(''), 'Shift_JIS'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 3 });
    expect(await payees()).toEqual([
      {
        bank_code: '0009',
        bank_name: 'ﾐﾂｲｽﾐﾄﾓ',
        branch_code: '001',
        account_type: 'ordinary',
        account_number: '1111111',
        name_kana: 'ｽｽﾞｷ ﾊﾅｺ',
        registration: 'user_registered',
        kind: 'transfer',
      },
      {
        bank_code: '0005',
        bank_name: 'ﾐﾂﾋﾞｼ',
        branch_code: '001',
        account_type: 'current',
        account_number: '2222222',
        name_kana: 'ｶ)ﾄﾘﾋｷｻｷ',
        registration: 'user_registered',
        kind: 'transfer',
      },
      {
        bank_code: '0005',
        bank_name: 'ﾐﾂﾋﾞｼ',
        branch_code: '001',
        account_type: 'ordinary',
        account_number: '7654321',
        name_kana: 'ﾔﾏﾀﾞ ﾀﾛｳ',
        registration: 'user_registered',
        kind: 'transfer',
      },
    ]);
    // The same file again: every account is already registered; still three.
    const dup = await upload(keeper.token, file(records));
    expect(dup.body.details.records.map((r: { record: number }) => r.record)).toEqual([2, 3, 4]);
    expect(await payees()).toHaveLength(3);
  });

  it('registered payees from a file need company.manage', async () => {
    const bytes = file([header(), data({ accountNumber: '5555555' }), trailer(1, 30329), end()]);
    // The registration asked for is checked before the file is read: 403, and nothing saved.
    const before = (await payees()).length;
    const refused = await upload(keeper.token, bytes, '?registration=registered');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('company.manage'),
    });
    expect(await payees()).toHaveLength(before);
    const ok = await upload(org.manager.token, bytes, '?registration=registered');
    expect(ok.body).toEqual({ imported: 1 });
    expect((await payees()).find((p) => p.account_number === '5555555')?.registration).toBe('registered');
  });
});
