import * as iconv from 'iconv-lite';
import type { Test } from 'supertest';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { newId } from '@kanri/common/ids/new-id';
import { AuditChainWriter, type OperationDraft } from '../src/audit/audit-chain.writer';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { afterCursor, historyBatches, type HistoryCursor } from '../src/audit-history/history-pages';
import { OperationHistory } from '../src/audit/operation-history.entity';
import { Permission } from '@kanri/access/permission';
import {
  addMember,
  createOrg,
  grantPermissions,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import { loginAs } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Appends `n` operation rows of one operator at one instant straight through the chain writer. */
async function appendDirectly(
  t: TestApp,
  n: number,
  o: { organizationId: string; operatorLoginId: string; at: Date },
): Promise<void> {
  const drafts: OperationDraft[] = Array.from({ length: n }, (_, i) => ({
    id: newId(o.at.getTime()),
    organizationId: o.organizationId,
    operation: 'search',
    screen: '一括',
    httpMethod: 'GET',
    route: '/bulk',
    operatorUserId: null,
    operatorLoginId: o.operatorLoginId,
    occurredAt: o.at,
    durationMs: i,
    ip: null,
    userAgent: null,
    outcome: 'success',
    statusCode: 200,
    errorCode: null,
    requestId: null,
    details: `{"i":${i}}`,
  }));
  await t.app.get(TransactionService).run((em) => t.app.get(AuditChainWriter).append(em, drafts, []));
}

function binary(res: Test) {
  return res.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

// Whole-app tests on a shared two-core machine: allow more than Jest's default 5 s per test and hook.
jest.setTimeout(60_000);

/** 操作履歴検索・出力 (SPEC §9 and the organization manager's manual, pp. 17–26). */
describe('Searching and exporting the audit trail', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let yamada: OrgMember;
  let sato: OrgMember;
  let other: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    // 23:59:30 on 21 November in Tokyo (APP_TIMEZONE).
    t.clock.set('2026-11-21T14:59:30.000Z');
    org = await createOrg(t, { name: '株式会社カンリ' });
    yamada = await addMember(t, org.orgId, { familyName: '山田', givenName: '太郎', department: '営業部' });
    sato = await addMember(t, org.orgId, { familyName: '佐藤', givenName: '花子' });
    other = await createOrg(t, { name: '別会社' });
    await t.api('get', `/organizations/${org.orgId}`, yamada.token).expect(200);
    // 00:00:30 on 22 November in Tokyo.
    t.clock.set('2026-11-21T15:00:30.000Z');
    await t.api('get', `/organizations/${org.orgId}`, yamada.token).expect(200);
    await t.api('get', `/organizations/${org.orgId}`, sato.token).expect(200);
    await t.api('get', `/organizations/${other.orgId}`, other.manager.token).expect(200);
    // Members signed in before they joined (addMember); sign-ins as members go to the organization's history.
    yamada.token = await loginAs(t, yamada.loginId);
    sato.token = await loginAs(t, sato.loginId);
    // Sixty operations of one operator at one instant, for paging.
    await appendDirectly(t, 60, {
      organizationId: org.orgId,
      operatorLoginId: 'page0001',
      at: new Date('2026-11-19T00:00:00Z'),
    });
    await t.app.get(AuditRecorder).drain();
  });
  afterAll(() => t.close());

  const search = (kind: 'operations' | 'login-history', query: string, token = org.manager.token) =>
    t.api('get', `/organizations/${org.orgId}/audit/${kind}?${query}`, token);

  describe('who may look', () => {
    it('a manager may (audit.read comes with the role), a plain member may not, a grant opens it', async () => {
      expect((await search('operations', '')).status).toBe(200);
      expect((await search('operations', '', sato.token)).status).toBe(403);
      await grantPermissions(t, org, sato.id, [Permission.AuditRead]);
      expect((await search('operations', '', sato.token)).status).toBe(200);
    });

    it('only ever shows the own organization: another organization is 404 and its rows never appear', async () => {
      expect(
        (await t.api('get', `/organizations/${org.orgId}/audit/operations`, other.manager.token)).status,
      ).toBe(404);
      await t.app.get(AuditRecorder).drain();
      const rows = await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM operation_history WHERE organization_id = ?',
        [org.orgId],
      );
      const all = await search('operations', 'perPage=100');
      expect(all.body.items.length).toBeGreaterThan(0);
      expect(all.body.items.map((i: { operatorLoginId: string }) => i.operatorLoginId)).not.toContain(
        other.manager.loginId,
      );
      expect(all.body.total).toBe(Number(rows[0].n)); // the search's own row is written after it answered
    });
  });

  describe('operation history search', () => {
    it('finds one user by user ID (login ID), newest first, with the labels the screen shows', async () => {
      const res = await search('operations', `userId=${yamada.loginId}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBe(2);
      expect(
        res.body.items.every((i: { operatorLoginId: string }) => i.operatorLoginId === yamada.loginId),
      ).toBe(true);
      expect(res.body.items[0]).toMatchObject({
        operation: 'search',
        operationLabel: '検索',
        screen: '企業情報',
        department: '営業部',
        occurredAt: '2026-11-21T15:00:30.000Z',
        outcome: 'success',
      });
      expect(res.body.items[1].occurredAt).toBe('2026-11-21T14:59:30.000Z');
    });

    it('finds by family name (氏) and given name (名), exactly', async () => {
      const byFamily = await search('operations', `familyName=${encodeURIComponent('山田')}`);
      expect(new Set(byFamily.body.items.map((i: { operatorLoginId: string }) => i.operatorLoginId))).toEqual(
        new Set([yamada.loginId]),
      );
      const byGiven = await search('operations', `givenName=${encodeURIComponent('花子')}`);
      expect(new Set(byGiven.body.items.map((i: { operatorLoginId: string }) => i.operatorLoginId))).toEqual(
        new Set([sato.loginId]),
      );
      const nobody = await search(
        'operations',
        `familyName=${encodeURIComponent('山田')}&givenName=${encodeURIComponent('花子')}`,
      );
      expect(nobody.body).toMatchObject({ items: [], total: 0 });
    });

    it('takes dates as calendar days in APP_TIMEZONE (Asia/Tokyo)', async () => {
      const day21 = await search('operations', `userId=${yamada.loginId}&from=2026-11-21&to=2026-11-21`);
      expect(day21.body.items.map((i: { occurredAt: string }) => i.occurredAt)).toEqual([
        '2026-11-21T14:59:30.000Z',
      ]);
      const day22 = await search('operations', `userId=${yamada.loginId}&from=2026-11-22`);
      expect(day22.body.items.map((i: { occurredAt: string }) => i.occurredAt)).toEqual([
        '2026-11-21T15:00:30.000Z',
      ]);
    });

    it('pages', async () => {
      const all = await search('operations', 'userId=page0001&perPage=100');
      expect(all.body.total).toBe(60);
      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await search('operations', `userId=page0001&perPage=25&page=${page}`);
        expect(res.body).toMatchObject({ page, perPage: 25, total: 60 });
        pages.push(...res.body.items);
      }
      expect(pages).toEqual(all.body.items);
    });

    it('rejects bad conditions with 400', async () => {
      for (const q of [
        'from=2026-13-01',
        'to=yesterday',
        'from=2026-11-22&to=2026-11-21',
        'perPage=30',
        'page=0',
        'x=1',
      ]) {
        const res = await search('operations', q);
        expect({ q, status: res.status, code: res.body.code }).toEqual({
          q,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
    });
  });

  describe('login history search', () => {
    it('shows the sign-ins of the organization with the exact action labels', async () => {
      const res = await search('login-history', `userId=${yamada.loginId}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThanOrEqual(1);
      expect(res.body.items[0]).toMatchObject({
        userId: yamada.loginId,
        action: 'LOGIN_SUCCESS',
        actionLabel: '[ログイン]ログイン成功',
      });
      const byName = await search('login-history', `familyName=${encodeURIComponent('佐藤')}`);
      expect(byName.body.items.every((i: { userId: string }) => i.userId === sato.loginId)).toBe(true);
      expect(byName.body.items.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('export (SPEC §9 file names, columns, encodings)', () => {
    const exportCsv = (query: string) =>
      binary(t.api('get', `/organizations/${org.orgId}/audit/export?${query}`, token));

    let token: string;
    beforeAll(async () => {
      t.clock.set('2026-11-22T01:02:03.000Z'); // 10:02:03 in Tokyo
      token = await loginAs(t, org.manager.loginId);
      org.manager.token = token; // the old session ran out while the clock moved
    });

    it('login history: operation_history_login_YYYYMMDDHHmmss.csv, UTF-8 with BOM, the exact header line', async () => {
      const res = await exportCsv(`type=login&userId=${yamada.loginId}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="operation_history_login_20261122100203.csv"; filename*=UTF-8''operation_history_login_20261122100203.csv`,
      );
      const body = res.body as Buffer;
      expect(body.subarray(0, 3)).toEqual(BOM);
      const header = Buffer.concat([
        BOM,
        Buffer.from('No.,ユーザーID,アクション,日時,IPアドレス\r\n', 'utf8'),
      ]);
      expect(body.subarray(0, header.length)).toEqual(header);
      const lines = body.subarray(3).toString('utf8').split('\r\n');
      expect(lines[1]).toMatch(
        new RegExp(
          `^1,${yamada.loginId},\\[ログイン\\]ログイン成功,2026/11/22 00:00:30,(127\\.0\\.0\\.1|::1)$`,
        ),
      );
      expect(lines[lines.length - 1]).toBe('');
    });

    it('operation history: operation_history_activity_…csv with No., 操作種別, 画面名, 操作者ID, 操作日時, 詳細', async () => {
      const res = await exportCsv(`type=activity&userId=${yamada.loginId}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain(
        'filename="operation_history_activity_20261122100203.csv"',
      );
      const text = (res.body as Buffer).toString('utf8');
      expect(text).toBe(
        '\ufeffNo.,操作種別,画面名,操作者ID,操作日時,詳細\r\n' +
          `1,検索,企業情報,${yamada.loginId},2026/11/21 23:59:30,\r\n` +
          `2,検索,企業情報,${yamada.loginId},2026/11/22 00:00:30,\r\n`,
      );
    });

    it('user list: org_user_list_…csv with the §9 columns and the role, managers marked （管理責任者）', async () => {
      await grantPermissions(t, org, yamada.id, [Permission.UsersExport]);
      await t.dataSource.query(
        'UPDATE users SET phone_external = ?, phone_extension = ?, allowed_ips = ? WHERE id = ?',
        ['03-1234-5678', '123', JSON.stringify(['192.0.2.1', '198.51.100.0/24']), yamada.id],
      );
      const res = await exportCsv('type=users');
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain('filename="org_user_list_20261122100203.csv"');
      const text = (res.body as Buffer).toString('utf8');
      const lines = text.slice(1).split('\r\n');
      expect(lines[0]).toBe(
        'ユーザーID,氏,名,氏フリガナ,名フリガナ,メールアドレス,組織名,部署・職名,外線,内線,IPアドレス,権限',
      );
      const byLogin = new Map(lines.slice(1, -1).map((l) => [l.split(',')[0], l]));
      expect(byLogin.size).toBe(3);
      expect(byLogin.get(org.manager.loginId)).toMatch(/,株式会社カンリ,.*,管理者権限（管理責任者）$/);
      expect(byLogin.get(yamada.loginId)).toBe(
        `${yamada.loginId},山田,太郎,サトウ,イチロウ,member@example.jp,株式会社カンリ,営業部,03-1234-5678,123,"192.0.2.1,198.51.100.0/24",管理者権限`,
      );
      expect(byLogin.get(sato.loginId)).toMatch(/,管理者権限$/); // audit.read was granted above
    });

    it('writes Shift_JIS (CP932) without a BOM on ?encoding=sjis', async () => {
      const res = await exportCsv('type=activity&encoding=sjis');
      expect(res.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
      const body = res.body as Buffer;
      expect(body.subarray(0, 3)).not.toEqual(BOM);
      const expectedHeader = iconv.encode('No.,操作種別,画面名,操作者ID,操作日時,詳細\r\n', 'cp932');
      expect(body.subarray(0, expectedHeader.length)).toEqual(expectedHeader);
      expect(iconv.decode(body, 'cp932')).toContain(`,企業情報,${yamada.loginId},2026/11/21 23:59:30,`);
    });

    it('defuses cells a spreadsheet would run as formulas', async () => {
      await t.dataSource.query('UPDATE users SET department = ?, phone_extension = ? WHERE id = ?', [
        '=HYPERLINK("http://evil.example","x")',
        '-2+3',
        sato.id,
      ]);
      const text = ((await exportCsv('type=users')).body as Buffer).toString('utf8');
      const line = text.split('\r\n').find((l) => l.startsWith(sato.loginId))!;
      expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
      expect(line).toContain(`,'-2+3,`);
    });

    it('records the export itself as 出力 with its conditions', async () => {
      const res = await exportCsv(`type=login&userId=${yamada.loginId}`);
      await t.app.get(AuditRecorder).drain();
      const rows = await t.dataSource.query('SELECT * FROM operation_history WHERE request_id = ?', [
        res.headers['x-request-id'],
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        operation: 'export',
        screen: '操作履歴検索・出力',
        outcome: 'success',
        status_code: 200,
      });
      expect(JSON.parse(rows[0].details)).toEqual({ query: { type: 'login', userId: yamada.loginId } });
      const listed = await search('operations', `userId=${org.manager.loginId}&perPage=100`, token);
      expect(
        listed.body.items.some(
          (i: { operationLabel: string; id: string }) => i.operationLabel === '出力' && i.id === rows[0].id,
        ),
      ).toBe(true);
    });

    it('streams every row exactly once across query pages, even when thousands share one timestamp', async () => {
      await appendDirectly(t, 12_345, {
        organizationId: org.orgId,
        operatorLoginId: 'bulk0001',
        at: new Date('2026-11-20T00:00:00.000Z'),
      });
      const text = ((await exportCsv('type=activity&userId=bulk0001')).body as Buffer).toString('utf8');
      const lines = text.split('\r\n').slice(1, -1);
      expect(lines).toHaveLength(12_345);
      expect(lines.map((l) => Number(l.split(',')[0]))).toEqual(
        Array.from({ length: 12_345 }, (_, i) => i + 1),
      );
      const seen = new Set(lines.map((l) => l.slice(l.indexOf('"{'))));
      expect(seen.size).toBe(12_345);
      expect(lines[0]).toMatch(/^1,検索,一括,bulk0001,2026\/11\/20 09:00:00,"\{""i"":\d+\}"$/);
    });

    describe('reading in bounded pages (history-pages.ts)', () => {
      const isMysql = () => t.config.database.type === 'mysql';
      const bulkQuery = (cursor: HistoryCursor | null) => {
        const qb = t.dataSource
          .getRepository(OperationHistory)
          .createQueryBuilder('o')
          .select(['o.id AS id', 'o.occurred_at AS occurredAt', 'o.details AS details'])
          .where('o.organization_id = :orgId AND o.operator_login_id = :login', {
            orgId: org.orgId,
            login: 'bulk0001',
          })
          .orderBy('o.occurred_at', 'ASC')
          .addOrderBy('o.id', 'ASC');
        return cursor ? qb.andWhere(afterCursor('o'), cursor) : qb;
      };
      // The same query, slowed to a fraction of a millisecond a row while the rows are sent (the select list is
      // evaluated row by row as the server sends, after any sort), so it is certainly still running on the server
      // when the test drops its connection; at full speed a quiet server can finish sending 12,345 rows into the
      // socket buffers before the first batch is read, and there is then no running query to drop.
      const slowBulkQuery = (cursor: HistoryCursor | null) =>
        bulkQuery(cursor).addSelect('SLEEP(0.0002)', 'pause');
      const ids = async (batches: AsyncGenerator<Record<string, unknown>[]>) => {
        const seen: string[] = [];
        for await (const batch of batches) for (const row of batch) seen.push(row.id as string);
        return seen;
      };

      it('crosses many small pages without losing or repeating a row, ties on the timestamp included', async () => {
        const expected = (
          await t.dataSource.query(
            'SELECT id FROM operation_history WHERE organization_id = ? AND operator_login_id = ? ORDER BY id',
            [org.orgId, 'bulk0001'],
          )
        ).map((r: { id: string }) => r.id);
        expect(expected).toHaveLength(12_345);
        const seen = await ids(
          historyBatches(isMysql(), bulkQuery, { streamPage: 1000, bufferedPage: 1000 }),
        );
        expect(seen).toEqual(expected); // same instant everywhere: order is by id, each exactly once
      });

      /** Streaming bulk queries still running on the server (MySQL); none on SQLite. */
      const runningBulkQueries = async (): Promise<number[]> => {
        if (!isMysql()) return [];
        const rows: { Id: number }[] = await t.dataSource.query(
          "SELECT ID AS Id FROM information_schema.PROCESSLIST WHERE INFO LIKE '%bulk0001%' AND INFO NOT LIKE '%PROCESSLIST%'",
        );
        return rows.map((r) => Number(r.Id));
      };
      const settled = async (): Promise<number[]> => {
        for (let i = 0; i < 100 && (await runningBulkQueries()).length; i++)
          await new Promise((r) => setTimeout(r, 100));
        return runningBulkQueries();
      };

      it('gives its database connection back when the reader stops early', async () => {
        for (let i = 0; i < 30; i++) {
          const batches = historyBatches(isMysql(), bulkQuery, { streamPage: 5000, bufferedPage: 1000 });
          expect((await batches.next()).done).toBe(false);
          await batches.return(undefined);
        }
        // More early stops than the pool has connections (20): every abandoned query finished and was released.
        expect(await settled()).toEqual([]);
        const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM operation_history');
        expect(Number(n)).toBeGreaterThan(12_345);
      });

      it('resumes after the last row written when the server drops a streaming query (MySQL)', async () => {
        if (!isMysql()) return; // SQLite reads buffered pages; there is no server connection to lose
        expect(await settled()).toEqual([]);
        const batches = historyBatches(true, slowBulkQuery, { streamPage: 100_000, bufferedPage: 1000 });
        try {
          const first = await batches.next();
          const seen = (first.value as Record<string, unknown>[]).map((r) => r.id as string);
          expect(seen.length).toBeLessThan(12_345);
          const running = await runningBulkQueries();
          expect(running).toHaveLength(1);
          await t.dataSource.query(`KILL ${running[0]}`);
          seen.push(...(await ids(batches)));
          expect(seen).toHaveLength(12_345);
          expect(new Set(seen).size).toBe(12_345);
        } finally {
          await batches.return(undefined);
        }
      });
    });

    it('rejects an unknown type or encoding with 400', async () => {
      expect((await exportCsv('type=everything')).status).toBe(400);
      expect((await exportCsv('type=login&encoding=latin1')).status).toBe(400);
      expect((await exportCsv('')).status).toBe(400);
    });
  });
});
