import { Permission } from '@kanri/access/permission';
import { StandardFeeSwitchOverJob } from '../src/fees/standard-fee-switch-over.job';
import { businessDay, postStandardFee, standardRows } from './support/approval-helpers';
import { loginAs } from './support/factories';
import {
  addMember,
  createOrg,
  grantPermissions,
  operatorToken,
  type CreatedOrg,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 手数料情報 (SPEC §6): the operator's standard table (基準手数料), the organization's three tables that follow it
 * (使用する) or hold their own rows, load-standard (手数料を読み込む), and the quote with the three calculation methods.
 */
describe('fees: standard table, organization tables, quote', () => {
  let t: TestApp;
  let org: CreatedOrg;
  const feesPath = (kind: string) => `/organizations/${org.orgId}/fees/${kind}`;
  const quote = (body: Record<string, unknown>, token = org.manager.token) =>
    t.api('post', `/organizations/${org.orgId}/fees/quote`, token).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // 10:00 in Tokyo
    await postStandardFee(t, businessDay(t));
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  describe('the worked example of the manual through POST .../fees/quote', () => {
    // Bands 110 below 30,000 and 330 from 30,000 (本支店 of the standard); P = 30,329, deducted from the payment.
    const cases = [
      ['fixed', 330, 29_999, 110, 220],
      ['add_lower_fee', 330, 29_999, 110, 220],
      ['add_higher_fee', 110, 30_219, 330, -220],
    ] as const;
    it.each(cases)(
      '%s (先方負担手数料[総合振込]) deducts %d and transfers %d',
      async (method, deducted, transfer, actual, diff) => {
        const put = await t
          .api('put', feesPath('payee-borne-bulk'), org.manager.token)
          .send({ useStandard: true, method });
        expect(put.status).toBe(200);
        expect(put.body).toMatchObject({ useStandard: true, method, label: '先方負担手数料[総合振込]' });
        const res = await quote({
          businessType: 'bulk_transfer',
          pattern: 'other_branch',
          amount: 30_329,
          bearer: 'payee',
        });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          deductedFee: deducted,
          transferAmount: transfer,
          actualFee: actual,
          difference: diff,
        });
      },
    );

    it('answers the band edges T−1, T, T+f_low−1, T+f_low, T+f_high−1, T+f_high for each method', async () => {
      const edges = [29_999, 30_000, 30_109, 30_110, 30_329, 30_330];
      const expected: Record<string, number[]> = {
        fixed: [110, 330, 330, 330, 330, 330],
        add_lower_fee: [110, 110, 110, 330, 330, 330],
        add_higher_fee: [110, 110, 110, 110, 110, 330],
      };
      for (const method of Object.keys(expected)) {
        await t
          .api('put', feesPath('payee-borne-bulk'), org.manager.token)
          .send({ useStandard: true, method });
        const fees: number[] = [];
        for (const amount of edges) {
          const res = await quote({
            businessType: 'bulk_transfer',
            pattern: 'other_branch',
            amount,
            bearer: 'payee',
          });
          expect(res.status).toBe(200);
          expect(res.body.transferAmount).toBe(amount - res.body.deductedFee);
          fees.push(res.body.deductedFee);
        }
        expect({ method, fees }).toEqual({ method, fees: expected[method] });
      }
    });

    it('prices 振込振替 with 据置型 and the payer-borne side with the band of the amount', async () => {
      expect(
        (await quote({ businessType: 'transfer', pattern: 'other_bank', amount: 30_329, bearer: 'payee' }))
          .body,
      ).toEqual({ deductedFee: 550, transferAmount: 29_779, actualFee: 380, difference: 170 });
      expect(
        (await quote({ businessType: 'transfer', pattern: 'other_bank', amount: 30_329, bearer: 'payer' }))
          .body,
      ).toEqual({ deductedFee: 0, transferAmount: 30_329, actualFee: 550, difference: -550 });
      expect(
        (await quote({ businessType: 'payroll', pattern: 'same_branch', amount: 250_000, bearer: 'payer' }))
          .body,
      ).toEqual({ deductedFee: 0, transferAmount: 250_000, actualFee: 0, difference: 0 });
    });
  });

  describe('quote refusals', () => {
    it('rejects decimals, negatives, strings and amounts beyond 15 digits with 400', async () => {
      for (const amount of [30_329.5, -1, 0, '30329', 1_000_000_000_000_000, 1e16]) {
        const res = await quote({ businessType: 'transfer', pattern: 'other_bank', amount, bearer: 'payer' });
        expect({ amount, status: res.status, code: res.body.code }).toEqual({
          amount,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(res.body.details.fields.amount).toBeDefined();
      }
      const max = await quote({
        businessType: 'transfer',
        pattern: 'other_bank',
        amount: 999_999_999_999_999,
        bearer: 'payer',
      });
      expect(max.status).toBe(200);
      expect(max.body.actualFee).toBe(550);
    });

    it('has no fee for account debits, and never deducts from wages', async () => {
      const debit = await quote({
        businessType: 'account_debit',
        pattern: 'other_bank',
        amount: 5_000,
        bearer: 'payer',
      });
      expect([debit.status, debit.body.code]).toEqual([422, 'FEE_NOT_APPLICABLE']);
      const wages = await quote({
        businessType: 'payroll',
        pattern: 'other_bank',
        amount: 200_000,
        bearer: 'payee',
      });
      expect([wages.status, wages.body.code]).toEqual([422, 'FEE_BEARER_NOT_ALLOWED']);
    });

    it('refuses a payment the deducted fee would swallow', async () => {
      const res = await quote({
        businessType: 'transfer',
        pattern: 'other_bank',
        amount: 380,
        bearer: 'payee',
      });
      expect([res.status, res.body.code]).toEqual([422, 'FEE_EXCEEDS_PAYMENT']);
      expect(
        (await quote({ businessType: 'transfer', pattern: 'other_bank', amount: 381, bearer: 'payee' })).body,
      ).toMatchObject({
        deductedFee: 380,
        transferAmount: 1,
      });
    });
  });

  describe("the organization's tables", () => {
    it('a table never set follows the standard with 据置型 and no minimum', async () => {
      const other = await createOrg(t);
      const res = await t.api(
        'get',
        `/organizations/${other.orgId}/fees/payer-borne-bulk`,
        other.manager.token,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kind: 'payer-borne-bulk',
        label: '当方負担手数料[総合振込]',
        useStandard: true,
        method: null,
        minimumPaymentAmount: null,
        version: null,
        rows: standardRows(),
      });
      const transfer = await t.api(
        'get',
        `/organizations/${other.orgId}/fees/payee-borne-transfer`,
        other.manager.token,
      );
      expect(transfer.body).toMatchObject({ method: null, minimumPaymentAmount: 0, useStandard: true });
    });

    it('own rows replace the standard; the minimum applicable payment amount stops deductions below it', async () => {
      const own = [
        { from: 0, to: 10_000, pattern: 'same_branch', fee: 0 },
        { from: 10_000, to: null, pattern: 'same_branch', fee: 0 },
        { from: 0, to: 10_000, pattern: 'other_branch', fee: 100 },
        { from: 10_000, to: null, pattern: 'other_branch', fee: 200 },
        { from: 0, to: null, pattern: 'other_bank', fee: 500 },
      ];
      const put = await t
        .api('put', feesPath('payee-borne-transfer'), org.manager.token)
        .send({ useStandard: false, minimumPaymentAmount: 1_000, rows: [...own].reverse() });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        useStandard: false,
        minimumPaymentAmount: 1_000,
        rows: own,
        standard: null,
      });
      expect(put.body.version).toMatchObject({
        revision: 1,
        effectiveFrom: businessDay(t),
        createdBy: org.manager.id,
      });
      const below = await quote({
        businessType: 'transfer',
        pattern: 'other_branch',
        amount: 999,
        bearer: 'payee',
      });
      expect(below.body).toEqual({ deductedFee: 0, transferAmount: 999, actualFee: 110, difference: -110 });
      const from = await quote({
        businessType: 'transfer',
        pattern: 'other_branch',
        amount: 1_000,
        bearer: 'payee',
      });
      expect(from.body).toEqual({ deductedFee: 100, transferAmount: 900, actualFee: 110, difference: -10 });
    });

    it('refuses incomplete or overlapping bands, and fields the table does not have (400)', async () => {
      const bad = [
        [{ useStandard: false, rows: standardRows().filter((r) => r.pattern !== 'other_bank') }, 'rows'],
        [
          {
            useStandard: false,
            rows: standardRows().map((r) => (r.to === 30_000 ? { ...r, to: 29_000 } : r)),
          },
          'rows',
        ],
        [
          {
            useStandard: false,
            rows: standardRows().map((r) => ({ ...r, from: r.from === 0 ? 1 : r.from })),
          },
          'rows',
        ],
        [{ useStandard: false }, 'rows'],
        [{ useStandard: true, rows: standardRows() }, 'rows'],
        [{ useStandard: true, method: 'fixed' }, 'method'],
        [{ useStandard: false, rows: standardRows().map((r) => ({ ...r, fee: r.fee + 0.5 })) }, 'rows.0.fee'],
        [{ useStandard: false, rows: standardRows().map((r) => ({ ...r, fee: -1 })) }, 'rows.0.fee'],
        [{ useStandard: true, minimumPaymentAmount: 10.5 }, 'minimumPaymentAmount'],
        [{ useStandard: true, effectiveFrom: businessDay(t, -1) }, 'effectiveFrom'],
      ] as const;
      for (const [body, field] of bad) {
        const res = await t.api('put', feesPath('payee-borne-transfer'), org.manager.token).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(Object.keys(res.body.details.fields)).toContain(field);
      }
      const payer = await t
        .api('put', feesPath('payer-borne-bulk'), org.manager.token)
        .send({ useStandard: true, minimumPaymentAmount: 100 });
      expect(payer.status).toBe(400);
      expect(payer.body.details.fields.minimumPaymentAmount).toBeDefined();
      expect((await t.api('get', feesPath('unknown-kind'), org.manager.token)).status).toBe(404);
    });

    it("load-standard (手数料を読み込む) copies today's standard in as own rows, keeping the method", async () => {
      await t
        .api('put', feesPath('payee-borne-bulk'), org.manager.token)
        .send({ useStandard: true, method: 'add_higher_fee' });
      const res = await t.api('post', `${feesPath('payee-borne-bulk')}/load-standard`, org.manager.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        useStandard: false,
        method: 'add_higher_fee',
        rows: standardRows(),
        standard: null,
      });
      const versions = await t.api('get', `${feesPath('payee-borne-bulk')}/versions`, org.manager.token);
      expect(versions.body.items[0]).toMatchObject({
        useStandard: false,
        method: 'add_higher_fee',
        createdBy: org.manager.id,
      });
      expect(versions.body.items.map((v: { revision: number }) => v.revision)).toEqual(
        [...versions.body.items.keys()].map((i) => versions.body.items.length - i),
      );
    });

    it('needs fees.manage to read or change a table; any member may ask for a quote; other organizations see 404', async () => {
      const member = await addMember(t, org.orgId);
      expect((await t.api('get', feesPath('payee-borne-bulk'), member.token)).status).toBe(403);
      expect(
        (await t.api('put', feesPath('payee-borne-bulk'), member.token).send({ useStandard: true })).status,
      ).toBe(403);
      const q = await quote(
        { businessType: 'transfer', pattern: 'same_branch', amount: 5_000, bearer: 'payer' },
        member.token,
      );
      expect(q.status).toBe(200);
      await grantPermissions(t, org, member.id, [Permission.FeesManage]);
      expect((await t.api('get', feesPath('payee-borne-bulk'), member.token)).status).toBe(200);
      const stranger = await createOrg(t);
      expect((await t.api('get', feesPath('payee-borne-bulk'), stranger.manager.token)).status).toBe(404);
      expect(
        (
          await t
            .api('post', `/organizations/${org.orgId}/fees/quote`, stranger.manager.token)
            .send({ businessType: 'transfer', pattern: 'same_branch', amount: 5_000, bearer: 'payer' })
        ).status,
      ).toBe(404);
    });
  });

  describe('the standard table (operator)', () => {
    it('only the operator maintains it; every signed-in user can read the current one', async () => {
      const res = await t
        .api('post', '/fees/standard', org.manager.token)
        .send({ effectiveFrom: businessDay(t), rows: standardRows() });
      expect(res.status).toBe(403);
      const current = await t.api('get', '/fees/standard/current', org.manager.token);
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({ state: 'current', rows: standardRows() });
    });

    it('refuses invalid bands, past dates and decimals', async () => {
      const op = await operatorToken(t);
      const gap = standardRows().map((r) =>
        r.pattern === 'same_branch' && r.to === 30_000 ? { ...r, to: 20_000 } : r,
      );
      const res = await t
        .api('post', '/fees/standard', op)
        .send({ effectiveFrom: businessDay(t), rows: gap });
      expect(res.status).toBe(400);
      expect(res.body.details.fields.rows).toEqual(['same_branch: gap between 20000 and 30000']);
      const past = await t
        .api('post', '/fees/standard', op)
        .send({ effectiveFrom: businessDay(t, -1), rows: standardRows() });
      expect(past.status).toBe(400);
      const decimal = standardRows().map((r) => ({ ...r, from: r.from === 30_000 ? 30_000.5 : r.from }));
      expect(
        (await t.api('post', '/fees/standard', op).send({ effectiveFrom: businessDay(t), rows: decimal }))
          .status,
      ).toBe(400);
      const notADate = await t
        .api('post', '/fees/standard', op)
        .send({ effectiveFrom: '2026-02-30', rows: standardRows() });
      expect(notADate.status).toBe(400);
    });
  });
});

describe('a new standard reaches organizations that follow it on its effective date, and not before', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('switches at 00:00 Tokyo time of the effective date; own tables stay; the switch-over is recorded once', async () => {
    t.clock.set('2026-11-24T01:00:00.000Z'); // 2026-11-24 10:00 JST
    await postStandardFee(t, '2026-11-24');
    const following = await createOrg(t);
    const ownRows = await createOrg(t);
    await t
      .api(
        'post',
        `/organizations/${ownRows.orgId}/fees/payer-borne-bulk/load-standard`,
        ownRows.manager.token,
      )
      .expect(200);

    // The operator schedules a new standard: 本支店 from 30,000 costs 440 from 2026-12-01.
    const next = await postStandardFee(
      t,
      '2026-12-01',
      standardRows(undefined, { same: 0, branch: 440, bank: 660 }),
    );
    const job = t.app.get(StandardFeeSwitchOverJob);
    const fee = async (o: CreatedOrg) => {
      const token = await loginAs(t, o.manager.loginId);
      const res = await t
        .api('post', `/organizations/${o.orgId}/fees/quote`, token)
        .send({ businessType: 'bulk_transfer', pattern: 'other_branch', amount: 50_000, bearer: 'payer' });
      expect(res.status).toBe(200);
      return res.body.actualFee as number;
    };

    t.clock.set('2026-11-30T14:59:59.999Z'); // 23:59:59.999 JST on 2026-11-30
    expect(await fee(following)).toBe(330);
    expect(await job.switchOver()).toEqual([]);
    const scheduled = await t.api('get', '/fees/standard', await operatorToken(t, true));
    expect(scheduled.body.items[0]).toMatchObject({
      revision: next.revision,
      state: 'scheduled',
      activatedAt: null,
    });

    t.clock.set('2026-11-30T15:00:00.000Z'); // 00:00 JST on 2026-12-01
    expect(await fee(following)).toBe(440);
    expect(await fee(ownRows)).toBe(330);
    const table = await t.api(
      'get',
      `/organizations/${following.orgId}/fees/payer-borne-bulk`,
      await loginAs(t, following.manager.loginId),
    );
    expect(table.body).toMatchObject({
      useStandard: true,
      standard: { id: next.id, effectiveFrom: '2026-12-01' },
    });
    // A quote for a date before the switch still prices with the old standard.
    const earlier = await t
      .api(
        'post',
        `/organizations/${following.orgId}/fees/quote`,
        await loginAs(t, following.manager.loginId),
      )
      .send({
        businessType: 'bulk_transfer',
        pattern: 'other_branch',
        amount: 50_000,
        bearer: 'payer',
        date: '2026-11-30',
      });
    expect(earlier.body.actualFee).toBe(330);

    expect(await job.switchOver()).toEqual([next.revision]);
    expect(await job.switchOver()).toEqual([]);
    const after = await t.api('get', '/fees/standard', await operatorToken(t, true));
    expect(after.body.items[0]).toMatchObject({ revision: next.revision, state: 'current' });
    expect(after.body.items[0].activatedAt).toBe('2026-11-30T15:00:00.000Z');
    expect(after.body.items[1]).toMatchObject({ state: 'superseded' });
    // A version in effect is history: it cannot be deleted.
    const del = await t.api('delete', `/fees/standard/${next.id}`, await operatorToken(t));
    expect([del.status, del.body.code]).toEqual([409, 'STANDARD_FEE_ALREADY_EFFECTIVE']);
  });

  it('a scheduled version can be withdrawn before it takes effect', async () => {
    const later = await postStandardFee(t, '2027-01-01');
    const op = await operatorToken(t, true);
    expect((await t.api('delete', `/fees/standard/${later.id}`, op)).status).toBe(204);
    const list = await t.api('get', '/fees/standard', op);
    expect(list.body.items.map((v: { id: string }) => v.id)).not.toContain(later.id);
  });
});
