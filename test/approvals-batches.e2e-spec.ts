import { monthDayOf } from '../src/approvals/batch-rules';
import {
  type ApprovalOrg,
  approvalOrg,
  approve,
  businessDay,
  postStandardFee,
  requestRow,
  usageOf,
} from './support/approval-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { type FixtureLine, zenginFile } from './support/zengin-fixture';
import { binary } from './support/binary-body';

/**
 * SPEC §14: batch requests (総合振込, 給与・賞与振込) made from Zengin files and keyed in, priced per line, approved
 * as one, written back as the same file.
 */
describe('batch requests and Zengin files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // 10:00 in Tokyo
    await postStandardFee(t, businessDay(t));
  });
  afterAll(() => t.close());

  const accountOf = async (o: ApprovalOrg) => {
    const [row] = (await t.dataSource.query(
      'SELECT branch_code, account_number FROM company_accounts WHERE id = ?',
      [o.accountId],
    )) as { branch_code: string; account_number: string }[];
    return { branchCode: row.branch_code, accountNumber: row.account_number };
  };
  const upload = (o: ApprovalOrg, file: Buffer, fields: Record<string, string> = {}) =>
    t
      .api('post', `/organizations/${o.org.orgId}/requests/import`, o.requester.token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .field('approverIds', fields.approverIds ?? o.approver1.id)
      .attach('file', file, 'sogo.txt');
  const counts = async (orgId: string) => {
    const one = async (sql: string) =>
      Number(((await t.dataSource.query(sql, [orgId])) as { n: number | string }[])[0].n);
    return {
      requests: await one('SELECT COUNT(*) AS n FROM approval_requests WHERE organization_id = ?'),
      batches: await one('SELECT COUNT(*) AS n FROM approval_request_batches WHERE organization_id = ?'),
      lines: await one('SELECT COUNT(*) AS n FROM approval_request_lines WHERE organization_id = ?'),
      approvers: await one('SELECT COUNT(*) AS n FROM approval_request_approvers WHERE organization_id = ?'),
      usage: await one(
        'SELECT COALESCE(SUM(reserved_amount), 0) AS n FROM approval_daily_usage WHERE organization_id = ?',
      ),
      succeededAudit: await one(
        "SELECT COUNT(*) AS n FROM operation_history WHERE organization_id = ? AND outcome = 'success' AND http_method <> 'GET'",
      ),
    };
  };

  describe('a worked example: header, 3 data records, trailer, end', () => {
    // Sender: bank 0009, the company account's branch. Standard fees (payer-borne bulk follows the standard):
    // same branch 0 / other branch 110 below 30,000 and 330 from it / other bank 380 and 550.
    const lines: FixtureLine[] = [
      {
        bankCode: '0009',
        bankName: 'ｶﾝﾘｷﾞﾝｺｳ',
        branchCode: '081',
        branchName: 'ﾎｳｼﾞﾝｴｲｷﾞﾖｳﾌﾞ',
        accountNumber: '0000001',
        payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ',
        amount: 30_329,
        customerCode1: '1',
      },
      {
        bankCode: '0009',
        bankName: 'ｶﾝﾘｷﾞﾝｺｳ',
        branchCode: '100',
        branchName: 'ﾎﾝﾃﾝ',
        accountNumber: '0000002',
        payeeName: 'ｽｽﾞｷ ﾊﾅｺ',
        amount: 250_000,
        accountType: '2',
        transferCategory: '7',
      },
      {
        bankCode: '0005',
        bankName: 'ﾐﾂﾋﾞｼ',
        branchCode: '001',
        branchName: 'ﾏﾙﾉｳﾁ',
        accountNumber: '1234567',
        payeeName: 'ｶ)ﾊﾟ-ﾄﾅ-ｽﾞ',
        amount: 10_000,
      },
    ];

    it('imports into a batch with the right lines, fees and totals; the approved batch downloads as the same bytes', async () => {
      const o = await approvalOrg(t);
      const account = await accountOf(o);
      const file = zenginFile({ transferDate: monthDayOf(businessDay(t, 1)), ...account }, lines);
      const res = await upload(o, file);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        businessType: 'bulk_transfer',
        status: 'pending',
        accountId: o.accountId,
        amount: 290_329,
        executionDate: businessDay(t, 1),
        fee: {
          bearer: 'payer',
          deductedFee: 0,
          transferAmount: 290_329,
          actualFee: 0 + 330 + 380,
          difference: -710,
        },
      });
      const id = res.body.id as string;
      expect(await requestRow(t, id)).toMatchObject({ status: 'pending' });
      const page = await t.api(
        'get',
        `/organizations/${o.org.orgId}/requests/${id}/lines?perPage=25`,
        o.requester.token,
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(3);
      expect(
        page.body.items.map((l: Record<string, unknown>) => [
          l.lineNo,
          l.pattern,
          l.accountType,
          l.payeeName,
          l.amount,
          l.actualFee,
          l.transferAmount,
        ]),
      ).toEqual([
        [1, 'same_branch', 'ordinary', 'ﾔﾏﾀﾞ ﾀﾛｳ', 30_329, 0, 30_329],
        [2, 'other_branch', 'current', 'ｽｽﾞｷ ﾊﾅｺ', 250_000, 330, 250_000],
        [3, 'other_bank', 'ordinary', 'ｶ)ﾊﾟ-ﾄﾅ-ｽﾞ', 10_000, 380, 10_000],
      ]);
      const stored = (await t.dataSource.query(
        'SELECT line_no, amount, actual_fee FROM approval_request_lines WHERE request_id = ? ORDER BY line_no',
        [id],
      )) as { line_no: number; amount: number | string; actual_fee: number | string }[];
      expect(stored.map((r) => [Number(r.line_no), Number(r.amount), Number(r.actual_fee)])).toEqual([
        [1, 30_329, 0],
        [2, 250_000, 330],
        [3, 10_000, 380],
      ]);
      expect(await usageOf(t, o.org.orgId, 'company:bulk_transfer', businessDay(t, 1))).toEqual({
        reserved: 290_329,
        approved: 0,
      });

      // Not approved yet: no file.
      const early = await t.api(
        'get',
        `/organizations/${o.org.orgId}/requests/${id}/zengin`,
        o.requester.token,
      );
      expect(early.status).toBe(409);

      expect((await approve(t, o, o.approver1.token, id)).status).toBe(200);
      const download = await t
        .api('get', `/organizations/${o.org.orgId}/requests/${id}/zengin`, o.requester.token)
        .buffer(true)
        .parse(binary);
      expect(download.status).toBe(200);
      expect(Buffer.compare(download.body as Buffer, file)).toBe(0);

      // The lines as CSV.
      const csv = await t
        .api('get', `/organizations/${o.org.orgId}/requests/${id}/lines/export`, o.requester.token)
        .buffer(true)
        .parse(binary);
      expect(csv.status).toBe(200);
      const text = (csv.body as Buffer)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      expect(text).toHaveLength(4);
      expect(text[3]).toContain('1234567');
    });

    it('reads a salary file (種別 11) without line breaks as a payroll batch and writes it back the same', async () => {
      const o = await approvalOrg(t);
      const account = await accountOf(o);
      const withBreaks = zenginFile(
        { kind: '11', transferDate: monthDayOf(businessDay(t, 2)), ...account },
        lines,
      );
      const file = Buffer.from(withBreaks.toString('latin1').replace(/\r\n/g, ''), 'latin1');
      expect(file.length).toBe(6 * 120);
      const res = await upload(o, file);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ businessType: 'payroll', payrollKind: 'salary', amount: 290_329 });
      expect((await approve(t, o, o.approver1.token, res.body.id)).status).toBe(200);
      const download = await t
        .api('get', `/organizations/${o.org.orgId}/requests/${res.body.id}/zengin`, o.requester.token)
        .buffer(true)
        .parse(binary);
      expect(Buffer.compare(download.body as Buffer, file)).toBe(0);
    });

    it('rejection and withdrawal end the batch as a whole and release its amount', async () => {
      const o = await approvalOrg(t);
      const account = await accountOf(o);
      const date = businessDay(t, 3);
      const a = await upload(o, zenginFile({ transferDate: monthDayOf(date), ...account }, lines));
      const b = await upload(o, zenginFile({ transferDate: monthDayOf(date), ...account }, lines));
      expect(await usageOf(t, o.org.orgId, 'company:bulk_transfer', date)).toEqual({
        reserved: 580_658,
        approved: 0,
      });
      const rejected = await t
        .api('post', `/organizations/${o.org.orgId}/requests/${a.body.id}/reject`, o.approver1.token)
        .send({ reason: '金額誤り' });
      expect(rejected.body.status).toBe('rejected');
      const withdrawn = await t.api(
        'post',
        `/organizations/${o.org.orgId}/requests/${b.body.id}/withdraw`,
        o.requester.token,
      );
      expect(withdrawn.body.status).toBe('withdrawn');
      expect(await usageOf(t, o.org.orgId, 'company:bulk_transfer', date)).toEqual({
        reserved: 0,
        approved: 0,
      });
      // Lines stay as the record of what was asked.
      const [row] = (await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM approval_request_lines WHERE request_id = ?',
        [a.body.id],
      )) as { n: number | string }[];
      expect(Number(row.n)).toBe(3);
    });

    it('keeps the lines of a batch from anyone who may not see the request (404)', async () => {
      const o = await approvalOrg(t);
      const account = await accountOf(o);
      const res = await upload(
        o,
        zenginFile({ transferDate: monthDayOf(businessDay(t)), ...account }, lines),
      );
      const stranger = await t.api(
        'get',
        `/organizations/${o.org.orgId}/requests/${res.body.id}/lines`,
        o.bystander.token,
      );
      expect(stranger.status).toBe(404);
      const other = await approvalOrg(t);
      const cross = await t.api(
        'get',
        `/organizations/${other.org.orgId}/requests/${res.body.id}/lines`,
        other.requester.token,
      );
      expect(cross.status).toBe(404);
    });
  });

  describe('one bad record among 9,999 refuses the file and changes nothing', () => {
    let o: ApprovalOrg;
    let good: FixtureLine[];
    let header: { transferDate: string; branchCode: string; accountNumber: string };
    beforeAll(async () => {
      o = await approvalOrg(t);
      header = { transferDate: monthDayOf(businessDay(t)), ...(await accountOf(o)) };
      good = Array.from({ length: 9_999 }, (_, i) => ({
        bankCode: '0005',
        bankName: 'ﾐﾂﾋﾞｼ',
        branchCode: String(1 + (i % 900)).padStart(3, '0'),
        branchName: 'ｼﾃﾝ',
        accountNumber: String(1_000_000 + i),
        payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ',
        amount: 1_000 + (i % 50_000),
      }));
    });

    const refusedWithoutTrace = async (file: Buffer, record: number, field: string) => {
      const before = await counts(o.org.orgId);
      const res = await upload(o, file);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('ZENGIN_FILE_INVALID');
      expect(res.body.details.records[0]).toMatchObject({ record, field });
      expect(await counts(o.org.orgId)).toEqual(before);
      // The refusal itself is recorded as a failed operation (queued: the response does not wait for it).
      let failed = 0;
      for (let i = 0; i < 100 && failed === 0; i++) {
        const [row] = (await t.dataSource.query(
          "SELECT COUNT(*) AS n FROM operation_history WHERE organization_id = ? AND error_code = 'ZENGIN_FILE_INVALID'",
          [o.org.orgId],
        )) as { n: number | string }[];
        failed = Number(row.n);
        if (!failed) await new Promise((r) => setTimeout(r, 50));
      }
      expect(failed).toBeGreaterThan(0);
      return res.body as {
        message: string;
        details: { records: { record: number; field: string; message: string }[] };
      };
    };

    it('the good file of 9,999 lines is accepted (so the refusals below are about the one record)', async () => {
      const res = await upload(o, zenginFile(header, good));
      expect(res.status).toBe(201);
      expect(res.body.amount).toBe(good.reduce((s, l) => s + Number(l.amount), 0));
      const [row] = (await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM approval_request_lines WHERE request_id = ?',
        [res.body.id],
      )) as { n: number | string }[];
      expect(Number(row.n)).toBe(9_999);
      // Withdraw it so the limits and counts below start clean of pending work.
      expect(
        (
          await t.api(
            'post',
            `/organizations/${o.org.orgId}/requests/${res.body.id}/withdraw`,
            o.requester.token,
          )
        ).status,
      ).toBe(200);
    });

    it('a trailer total off by one yen (record 10,001, totalAmount)', async () => {
      const total = good.reduce((s, l) => s + Number(l.amount), 0);
      const body = await refusedWithoutTrace(
        zenginFile(header, good, { count: 9_999, total: total + 1 }),
        10_001,
        'totalAmount',
      );
      expect(body.details.records).toEqual([
        {
          record: 10_001,
          field: 'totalAmount',
          message: `is ${total + 1} but the data records add up to ${total}`,
        },
      ]);
    });

    it('a 6-digit account number (record 5,001)', async () => {
      const lines = good.map((l, i) => (i === 4_999 ? { ...l, accountNumber: '123456 ' } : l));
      const body = await refusedWithoutTrace(zenginFile(header, lines), 5_001, 'accountNumber');
      expect(body.message).toContain('record 5001');
    });

    it('a lower-case (small) kana in a name (record 9,999), the character named', async () => {
      const lines = good.map((l, i) => (i === 9_997 ? { ...l, payeeName: 'ｷｬﾂﾄ ﾀﾛｳ' } : l));
      const body = await refusedWithoutTrace(zenginFile(header, lines), 9_999, 'payeeName');
      expect(body.details.records[0].message).toContain('"ｬ"');
    });

    it('a header naming no company account of the organization (record 1)', async () => {
      await refusedWithoutTrace(
        zenginFile({ ...header, accountNumber: '9999999' }, good.slice(0, 3)),
        1,
        'accountNumber',
      );
    });
  });

  describe('keyed in on screen', () => {
    it('converts full-width kana, prices each line and refuses a name with no Zengin form, naming it', async () => {
      const o = await approvalOrg(t);
      const base = {
        businessType: 'payroll',
        payrollKind: 'bonus',
        accountId: o.accountId,
        executionDate: businessDay(t),
        approverIds: [o.approver1.id],
      };
      const line = {
        bankCode: '0005',
        branchCode: '001',
        accountType: 'ordinary',
        accountNumber: '1234567',
        amount: 40_000,
        pattern: 'other_bank',
      };
      const ok = await t
        .api('post', `/organizations/${o.org.orgId}/requests/batches`, o.requester.token)
        .send({
          ...base,
          lines: [
            { ...line, payeeNameKana: 'ヤマダ　タロウ' },
            { ...line, payeeNameKana: 'ｻﾄｳ ｼﾞﾛｳ', amount: 20_000, pattern: 'other_branch' },
          ],
        });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({
        businessType: 'payroll',
        payrollKind: 'bonus',
        amount: 60_000,
        fee: { actualFee: 550 + 110 },
      });
      const page = await t.api(
        'get',
        `/organizations/${o.org.orgId}/requests/${ok.body.id}/lines`,
        o.requester.token,
      );
      expect(page.body.items[0].payeeName).toBe('ﾔﾏﾀﾞ ﾀﾛｳ');
      expect(await usageOf(t, o.org.orgId, 'company:bonus', businessDay(t))).toEqual({
        reserved: 60_000,
        approved: 0,
      });

      const before = await counts(o.org.orgId);
      const bad = await t
        .api('post', `/organizations/${o.org.orgId}/requests/batches`, o.requester.token)
        .send({
          ...base,
          lines: [
            { ...line, payeeNameKana: 'ヤマダ' },
            { ...line, payeeNameKana: '山田' },
          ],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields['lines.1.payeeNameKana'][0]).toContain('"山"');
      expect(await counts(o.org.orgId)).toEqual({ ...before, succeededAudit: before.succeededAudit });
    });

    it('refuses more than 9,999 lines and a business that is not a batch (400)', async () => {
      const o = await approvalOrg(t);
      const line = {
        bankCode: '0005',
        branchCode: '001',
        accountType: 'ordinary',
        accountNumber: '1234567',
        amount: 1,
        pattern: 'other_bank',
        payeeNameKana: 'ｱ',
      };
      const body = {
        businessType: 'bulk_transfer',
        accountId: o.accountId,
        executionDate: businessDay(t),
        approverIds: [o.approver1.id],
      };
      const tooMany = await t
        .api('post', `/organizations/${o.org.orgId}/requests/batches`, o.requester.token)
        .send({ ...body, lines: Array(10_000).fill(line) });
      expect(tooMany.status).toBe(400);
      const transfer = await t
        .api('post', `/organizations/${o.org.orgId}/requests/batches`, o.requester.token)
        .send({ ...body, businessType: 'transfer', lines: [line] });
      expect(transfer.status).toBe(400);
    });
  });
});
