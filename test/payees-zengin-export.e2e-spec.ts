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
import {
  dataRecord,
  endRecord,
  type FixtureLine,
  headerRecord,
  trailerRecord,
  zenginBytes,
} from './support/zengin-fixture';

jest.setTimeout(60_000);

/** Collects a download as bytes. */
function binary(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

const REQUESTER = {
  requesterCode: '1234567890',
  requesterName: 'ｶ)ｶﾝﾘ',
  bankCode: '0009',
  bankName: 'ｶﾝﾘｷﾞﾝｺｳ',
  branchCode: '081',
  branchName: 'ﾎｳｼﾞﾝｴｲｷﾞﾖｳﾌﾞ',
};

/**
 * SPEC §14: the payee register as a 総合振込-format Zengin file with amount 0 on every record (a payee has no
 * amount), which the register's import reads back; a batch import still refuses amounts below 1 yen.
 */
describe('payee register: Zengin export', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let keeper: OrgMember;

  // Booting the app runs every migration; on a busy MariaDB that alone can take over a minute.
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // 11/24 in Tokyo
    org = await createOrg(t);
    keeper = await addMember(t, org.orgId);
    await grantPermissions(t, org, keeper.id, [Permission.PayeesManage]);
  }, 300_000);
  afterAll(() => t.close());

  const setRequester = (o: CreatedOrg, zenginRequester: unknown) =>
    t
      .api('patch', `/organizations/${o.orgId}`, o.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, zenginRequester });
  const upload = (o: CreatedOrg, token: string, bytes: Buffer, query = '') =>
    t
      .api('post', `/organizations/${o.orgId}/payees/import-zengin${query}`, token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .attach('file', bytes, 'payees.txt');
  const download = (o: CreatedOrg, token: string, query = '') =>
    t.api('get', `/organizations/${o.orgId}/payees/export-zengin${query}`, token).buffer(true).parse(binary);
  const payees = async (o: CreatedOrg) =>
    (await t.dataSource.query(
      'SELECT kind, registration, bank_code, bank_name, branch_code, branch_name, account_type, account_number, name_kana, group_name FROM payees WHERE organization_id = ? ORDER BY account_number',
      [o.orgId],
    )) as Record<string, string | null>[];

  const lines: FixtureLine[] = [
    {
      bankCode: '0005',
      bankName: 'ﾐﾂﾋﾞｼ',
      branchCode: '001',
      branchName: 'ﾏﾙﾉｳﾁ',
      accountNumber: '7654321',
      payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ',
      amount: 0,
    },
    {
      bankCode: '0009',
      branchCode: '100',
      accountType: '2',
      accountNumber: '1111111',
      payeeName: 'ｶ)ﾄﾘﾋｷｻｷ',
      amount: 0,
    },
    {
      bankCode: '0001',
      bankName: 'ﾐｽﾞﾎ',
      branchCode: '200',
      branchName: 'ﾎﾝﾃﾝ',
      accountType: '4',
      accountNumber: '2222222',
      payeeName: 'ｱｵｷ ﾊﾅｺ',
      amount: 0,
    },
  ];
  // The file the export writes, built field by field from the layout: the register in content order (name,
  // bank, branch, type, number), amount 0, no customer codes, the header with no account, dated today.
  const expected = zenginBytes([
    headerRecord({ ...REQUESTER, transferDate: '1124', accountType: '9', accountNumber: '0000000' }),
    ...[lines[2], lines[1], lines[0]].map((l) => dataRecord({ ...l, customerCode1: '0' })),
    trailerRecord(3, 0),
    endRecord(),
  ]);

  it('answers 409 ZENGIN_REQUESTER_NOT_SET until the organization has its Zengin header', async () => {
    const res = await t.api('get', `/organizations/${org.orgId}/payees/export-zengin`, keeper.token);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'ZENGIN_REQUESTER_NOT_SET' });
  });

  it('the Zengin header is a company setting: converted to Zengin characters, refused naming the character', async () => {
    const bad = await setRequester(org, { ...REQUESTER, requesterName: 'ｶ)山田', requesterCode: '123' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields['zenginRequester.requesterName'][0]).toContain('"山"');
    expect(bad.body.details.fields['zenginRequester.requesterCode']).toEqual([
      'requesterCode must be 10 digits',
    ]);
    const missing = await setRequester(org, { requesterCode: '1234567890' });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.details.fields).sort()).toEqual([
      'zenginRequester.bankCode',
      'zenginRequester.bankName',
      'zenginRequester.branchCode',
      'zenginRequester.branchName',
      'zenginRequester.requesterName',
    ]);
    const tooLong = await setRequester(org, { ...REQUESTER, bankName: 'ｱ'.repeat(16) });
    expect(tooLong.body.details.fields['zenginRequester.bankName']).toEqual([
      'bankName must be at most 15 Zengin characters',
    ]);
    const blank = await setRequester(org, { ...REQUESTER, requesterName: '　' });
    expect(blank.body.details.fields['zenginRequester.requesterName']).toEqual([
      'requesterName must not be blank',
    ]);
    // A member without company.manage may not set it.
    const refused = await t
      .api('patch', `/organizations/${org.orgId}`, keeper.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, zenginRequester: REQUESTER });
    expect(refused.status).toBe(403);
    const stored = async () =>
      JSON.parse(
        (await t.dataSource.query('SELECT settings FROM organizations WHERE id = ?', [org.orgId]))[0]
          .settings as string,
      ).zenginRequester;
    expect(await stored()).toBeUndefined();

    const ok = await setRequester(org, {
      ...REQUESTER,
      requesterName: 'カ）カンリ',
      bankName: 'カンリギンコウ',
      branchName: 'ホウジンエイギョウブ',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.zenginRequester).toEqual(REQUESTER);
    expect(await stored()).toEqual(REQUESTER);
    const cleared = await setRequester(org, null);
    expect(cleared.body.settings.zenginRequester).toBeNull();
    expect(await stored()).toBeNull();
    expect((await setRequester(org, REQUESTER)).status).toBe(200);
  });

  it('the register import takes amount 0 (and ignores amounts); a batch import still refuses 0', async () => {
    const zero = zenginBytes([
      headerRecord({ ...REQUESTER, transferDate: '1124', accountType: '9', accountNumber: '0000000' }),
      ...lines.map((l) => dataRecord(l)),
      trailerRecord(3, 0),
      endRecord(),
    ]);
    const batch = await t
      .api('post', `/organizations/${org.orgId}/requests/import`, org.manager.token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .field('approverIds', keeper.id)
      .attach('file', zero, 'sogo.txt');
    expect([batch.status, batch.body.code]).toEqual([422, 'ZENGIN_FILE_INVALID']);
    expect(batch.body.details.records).toContainEqual({
      record: 2,
      field: 'amount',
      message: 'must be at least 1 yen',
    });
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM approval_requests'))[0].n)).toBe(0);

    const res = await upload(org, keeper.token, zero);
    expect([res.status, res.body]).toEqual([200, { imported: 3 }]);
    expect((await payees(org)).map((p) => [p.account_number, p.account_type, p.name_kana])).toEqual([
      ['1111111', 'current', 'ｶ)ﾄﾘﾋｷｻｷ'],
      ['2222222', 'savings', 'ｱｵｷ ﾊﾅｺ'],
      ['7654321', 'ordinary', 'ﾔﾏﾀﾞ ﾀﾛｳ'],
    ]);
  });

  it('exports the 振込先 as that file, which re-creates the same payees in an empty register and exports byte for byte', async () => {
    // A 請求先 and a payee with a kanji bank name: the first is not in a transfer file, the second is written with
    // a blank bank name (it has no Zengin form).
    await t
      .api('post', `/organizations/${org.orgId}/payees`, keeper.token)
      .send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        kind: 'debit',
        bankCode: '0005',
        branchCode: '001',
        accountType: 'ordinary',
        accountNumber: '3333333',
        nameKana: 'ｾｲｷｭｳ',
      })
      .expect(201);
    const first = await download(org, keeper.token);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/octet-stream');
    expect(Buffer.compare(first.body as Buffer, expected)).toBe(0);

    const other = await createOrg(t);
    expect((await setRequester(other, REQUESTER)).status).toBe(200);
    const imported = await upload(other, other.manager.token, first.body as Buffer);
    expect([imported.status, imported.body]).toEqual([200, { imported: 3 }]);
    const transfer = (await payees(org)).filter((p) => p.kind === 'transfer');
    expect(await payees(other)).toEqual(transfer);
    const again = await download(other, other.manager.token);
    expect(Buffer.compare(again.body as Buffer, first.body as Buffer)).toBe(0);

    // The list's filters apply; nothing matching is a conflict, not an empty file.
    const filtered = await download(org, keeper.token, '?name=ﾔﾏﾀﾞ');
    expect(filtered.body.toString('latin1').split('\r\n')).toHaveLength(5);
    const none = await t.api('get', `/organizations/${org.orgId}/payees/export-zengin?name=ﾝ`, keeper.token);
    expect([none.status, none.body.code]).toEqual([409, 'CONFLICT']);
  });

  it('needs the permission of the CSV export', async () => {
    const stranger = await addMember(t, org.orgId);
    const res = await t.api('get', `/organizations/${org.orgId}/payees/export-zengin`, stranger.token);
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    const csv = await t.api('get', `/organizations/${org.orgId}/payees/export`, stranger.token);
    expect(csv.status).toBe(403);
  });
});
