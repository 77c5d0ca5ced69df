import * as iconv from 'iconv-lite';
import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, loginAs } from './support/factories';
import { createGroup, createOrg, type CreatedOrg, operatorToken } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import { sameDatabase, testDatabaseKind } from './support/test-database';
import {
  createOrgUser,
  exportCsv,
  importCsv,
  signInWithConfirmation,
  uploadCsv,
  useJwtStrategyOf,
  waitForImport,
} from './support/user-admin';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(120_000);

const HEADER =
  'ログインID,姓,名,姓(カナ),名(カナ),メールアドレス,メールアドレス(サブ),パスワード,権限,グループコード,グループ,属性,' +
  '有効開始日,有効終了日,無効,仮登録,使用言語,備考,アカウントロック日時,登録日時,更新日時,最終ログイン日時';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A data line with the 22 columns; only the input columns are given. */
function line(cells: {
  loginId: string;
  familyName?: string;
  givenName?: string;
  familyNameKana?: string;
  givenNameKana?: string;
  email?: string;
  password?: string;
  groupCode?: string;
  attributes?: string;
  validFrom?: string;
  disabled?: string;
  provisional?: string;
  note?: string;
}): string {
  const q = (v = '') => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [
    cells.loginId,
    cells.familyName ?? '試験',
    cells.givenName ?? '利用者',
    cells.familyNameKana ?? '',
    cells.givenNameKana ?? '',
    cells.email ?? '',
    '',
    cells.password ?? '',
    '',
    cells.groupCode ?? '',
    '',
    cells.attributes ?? '',
    cells.validFrom ?? '',
    '',
    cells.disabled ?? '0',
    cells.provisional ?? '',
    '',
    cells.note ?? '',
    '',
    '',
    '',
    '',
  ]
    .map(q)
    .join(',');
}

const csv = (lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n';

/**
 * インポート / エクスポート (SPEC §4; manual: ユーザーインポート, エクスポート): the export's bytes, the import job,
 * validation of every row before anything is written, Shift_JIS, and the round trip of an exported file.
 */
describe('CSV import and export of users', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let groupId: string;

  const count = async (orgId = org.orgId) =>
    Number(
      (
        (await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE organization_id = ?', [orgId])) as {
          n: string;
        }[]
      )[0].n,
    );
  const userByLogin = async (loginId: string) =>
    (
      (await t.dataSource.query(
        'SELECT id, family_name, given_name, family_name_kana, given_name_kana, note, group_id, attributes, is_disabled, is_provisional, valid_from, updated_at FROM users WHERE login_id = ?',
        [loginId],
      )) as Record<string, unknown>[]
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t, { manager: { loginId: 'csvboss1' } });
    groupId = await createGroup(t, org, 'G001');
  });
  afterAll(() => t.close());

  describe('export', () => {
    it('writes UTF-8 with a BOM, the SPEC §4 header exactly, and RFC 4180 cells with the formula guard', async () => {
      await createOrgUser(t, org, {
        loginId: 'exp00001',
        familyName: '輸出',
        givenName: '太郎',
        note: '=HYPERLINK("http://x"), 注意',
        attributes: ['東京', '営業'],
        groupId,
        validFrom: '2026-04-01',
      });
      const res = await t.api('get', `/organizations/${org.orgId}/users/export`, org.manager.token);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="users_\d{14}\.csv"/);
      const bytes = await exportCsv(t, org.orgId, org.manager.token);
      expect(bytes.subarray(0, 3)).toEqual(BOM);
      const text = bytes.subarray(3).toString('utf8');
      const [header, ...rows] = text.split('\r\n');
      expect(header).toBe(HEADER);
      const row = rows.find((r) => r.startsWith('exp00001,'))!;
      expect(row).toMatch(
        /^exp00001,輸出,太郎,ヤマダ,ハナコ,hanako@example\.jp,,,一般ユーザー,G001,グループG001,"東京,営業",2026-04-01,,0,0,,"'=HYPERLINK\(""http:\/\/x""\), 注意",,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},$/,
      );
      expect(rows.find((r) => r.startsWith('csvboss1,'))).toContain(',管理者権限（管理責任者）,');
      expect(rows[rows.length - 1]).toBe('');
    });

    it('writes Shift_JIS without a BOM when asked', async () => {
      const bytes = await exportCsv(t, org.orgId, org.manager.token, '?encoding=sjis');
      expect(bytes.subarray(0, 3)).not.toEqual(BOM);
      expect(iconv.decode(bytes, 'cp932').split('\r\n')[0]).toBe(HEADER);
    });

    it('honours the search and filters of the list', async () => {
      const text = (
        await exportCsv(t, org.orgId, org.manager.token, `?q=${encodeURIComponent('輸出')}`)
      ).toString('utf8');
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
      const none = (await exportCsv(t, org.orgId, org.manager.token, '?status=provisional')).toString('utf8');
      expect(none.split('\r\n').filter(Boolean)).toEqual([`\uFEFF${HEADER}`]);
    });

    it('needs users.export', async () => {
      const admin = await createOrgUser(t, org, { permissions: [{ permission: Permission.UsersManage }] });
      const token = await signInWithConfirmation(t, admin);
      expect((await t.api('get', `/organizations/${org.orgId}/users/export`, token)).status).toBe(403);
    });
  });

  describe('import', () => {
    it('creates and updates by login ID; new users without a password are provisional', async () => {
      const job = await importCsv(
        t,
        org.orgId,
        org.manager.token,
        csv([
          line({
            loginId: 'imp00001',
            familyName: '輸入',
            givenName: '一郎',
            email: 'i1@example.jp',
            password: DEFAULT_PASSWORD,
            groupCode: 'G001',
            attributes: '東京,大阪',
            validFrom: '2026/4/1',
          }),
          line({ loginId: 'imp00002', familyName: '輸入', givenName: '二郎' }),
        ]),
      );
      expect(job).toMatchObject({
        state: 'succeeded',
        total: 2,
        processed: 2,
        created: 2,
        updated: 0,
        errors: [],
      });
      expect(await userByLogin('imp00001')).toMatchObject({ group_id: groupId, valid_from: '2026-04-01' });
      expect(JSON.parse(String((await userByLogin('imp00001')).attributes))).toEqual(['東京', '大阪']);
      expect(Number((await userByLogin('imp00002')).is_provisional)).toBe(1);
      await loginAs(t, 'imp00001', DEFAULT_PASSWORD);

      const update = await importCsv(
        t,
        org.orgId,
        org.manager.token,
        csv([
          line({
            loginId: 'imp00001',
            familyName: '輸入',
            givenName: '一朗',
            email: 'i1@example.jp',
            groupCode: '',
            attributes: '東京',
            validFrom: '2026-04-01',
          }),
        ]),
      );
      expect(update).toMatchObject({ state: 'succeeded', created: 0, updated: 1 });
      expect(await userByLogin('imp00001')).toMatchObject({ given_name: '一朗', group_id: null });
      // The password column was empty: the password is unchanged.
      await loginAs(t, 'imp00001', DEFAULT_PASSWORD);
      const listed = await t.api(
        'get',
        `/organizations/${org.orgId}/users?attributes=${encodeURIComponent('大阪')}`,
        org.manager.token,
      );
      expect(listed.body.items.map((i: { loginId: string }) => i.loginId)).not.toContain('imp00001');
    });

    it('a file with only some columns changes only those', async () => {
      const job = await importCsv(t, org.orgId, org.manager.token, 'ログインID,備考\r\nimp00001,メモ\r\n');
      expect(job).toMatchObject({ state: 'succeeded', updated: 1 });
      expect(await userByLogin('imp00001')).toMatchObject({ note: 'メモ', given_name: '一朗' });
    });

    it('one bad row in 10,000 changes nothing and names the row', async () => {
      const before = await count();
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        lines.push(
          line({
            loginId: `bulk${String(i).padStart(5, '0')}`,
            familyName: '一括',
            givenName: `${i}`,
            email: i === 4_999 ? 'not-an-address' : `b${i}@example.jp`,
          }),
        );
      }
      const job = await importCsv(t, org.orgId, org.manager.token, csv(lines));
      expect(job.state).toBe('failed');
      expect(job.errorCode).toBe('IMPORT_INVALID');
      expect(job.total).toBe(10_000);
      expect(job.errors).toEqual([
        { line: 5_001, field: 'メールアドレス', message: expect.stringContaining('email') },
      ]);
      expect(await count()).toBe(before);
      expect(await userByLogin('bulk00000')).toBeUndefined();
    });

    it('refuses more than 10,000 rows at once (413 IMPORT_TOO_LARGE) without starting a job', async () => {
      const lines = Array.from({ length: 10_001 }, (_, i) =>
        line({ loginId: `many${String(i).padStart(5, '0')}` }),
      );
      const res = await uploadCsv(t, org.orgId, org.manager.token, csv(lines));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('IMPORT_TOO_LARGE');
      expect(await userByLogin('many00000')).toBeUndefined();
    });

    it('lists every error with its line and column, in line order', async () => {
      const stranger = await createOrg(t);
      const job = await importCsv(
        t,
        org.orgId,
        org.manager.token,
        csv([
          line({ loginId: 'err00001', groupCode: 'NOPE' }),
          line({ loginId: 'err00002', familyNameKana: 'ひらがな', disabled: 'yes' }),
          line({ loginId: 'err00001' }),
          line({ loginId: stranger.manager.loginId }),
          line({ loginId: 'err00005', password: 'abc12' }),
          line({ loginId: 'err00006', provisional: '0' }),
          line({ loginId: 'csvboss1', disabled: '1' }),
        ]),
      );
      expect(job.state).toBe('failed');
      expect(job.errors.map((e) => [e.line, e.field])).toEqual([
        [2, 'グループコード'],
        [3, '無効'],
        [3, '姓(カナ)'],
        [4, 'ログインID'],
        [5, 'ログインID'],
        [6, 'パスワード'],
        [7, 'パスワード'],
        [8, '無効'],
      ]);
      expect(JSON.stringify(job.errors)).not.toContain('abc12');
      expect(await userByLogin('err00001')).toBeUndefined();
    });

    it('refuses unknown columns and a file without ログインID', async () => {
      const unknown = await importCsv(
        t,
        org.orgId,
        org.manager.token,
        'ログインID,姓,年齢\r\nx1234567,a,3\r\n',
      );
      expect(unknown.errors).toEqual([{ line: 1, field: '年齢', message: 'unknown column' }]);
      const noLogin = await importCsv(t, org.orgId, org.manager.token, '姓,名\r\na,b\r\n');
      expect(noLogin.errors).toEqual([{ line: 1, field: 'ログインID', message: 'the column is required' }]);
      const ragged = await importCsv(t, org.orgId, org.manager.token, 'ログインID,姓\r\nabc12345,a,b\r\n');
      expect(ragged).toMatchObject({ state: 'failed', errors: [{ line: 2 }] });
    });

    it('keeps the manager rules: disabling the last manager fails the whole file', async () => {
      const other = await createOrg(t, { manager: { loginId: 'lastmgr1' } });
      const admin = await createOrgUser(t, other, { permissions: [{ permission: Permission.UsersImport }] });
      const token = await signInWithConfirmation(t, admin);
      const job = await importCsv(
        t,
        other.orgId,
        token,
        csv([
          line({ loginId: 'lastmgr1', familyName: '管理', givenName: '責任者', disabled: '1' }),
          line({ loginId: 'newone01' }),
        ]),
      );
      expect(job).toMatchObject({ state: 'failed', errorCode: 'MANAGER_REQUIRED' });
      expect(await userByLogin('newone01')).toBeUndefined();
    });

    it('stops at the plan’s user limit', async () => {
      const small = await createOrg(t);
      await t
        .api('put', `/organizations/${small.orgId}/plan`, await operatorToken(t))
        .send({ planUserLimit: 2 });
      const job = await importCsv(
        t,
        small.orgId,
        small.manager.token,
        csv([line({ loginId: 'plan0001' }), line({ loginId: 'plan0002' })]),
      );
      expect(job).toMatchObject({ state: 'failed', errorCode: 'USER_LIMIT_REACHED' });
      expect(await count(small.orgId)).toBe(1);
    });

    it('needs users.import and the confirmation password (a multipart field)', async () => {
      const wrong = await uploadCsv(t, org.orgId, org.manager.token, csv([line({ loginId: 'conf0001' })]), {
        confirmationPassword: 'nope',
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      const noFile = await t
        .api('post', `/organizations/${org.orgId}/users/import`, org.manager.token)
        .field('confirmationPassword', DEFAULT_CONFIRMATION);
      expect(noFile.status).toBe(400);
      const admin = await createOrgUser(t, org, { permissions: [{ permission: Permission.UsersManage }] });
      const token = await signInWithConfirmation(t, admin);
      expect((await uploadCsv(t, org.orgId, token, csv([line({ loginId: 'conf0002' })]))).status).toBe(403);
      expect(await userByLogin('conf0001')).toBeUndefined();
    });

    it('any instance answers for the job (its state is in the database)', async () => {
      const b =
        testDatabaseKind === 'mysql' ? await createTestApp({ database: sameDatabase(t.database) }) : t;
      try {
        const res = await uploadCsv(t, org.orgId, org.manager.token, csv([line({ loginId: 'inst0001' })]));
        useJwtStrategyOf(b);
        const job = await waitForImport(b, org.orgId, org.manager.token, res.body.jobId as string);
        expect(job).toMatchObject({ state: 'succeeded', created: 1 });
      } finally {
        if (b !== t) await b.close();
        useJwtStrategyOf(t);
      }
    });

    it('reports a job whose process stopped as failed (IMPORT_INTERRUPTED); nothing of it was written', async () => {
      const res = await uploadCsv(t, org.orgId, org.manager.token, csv([line({ loginId: 'stal0001' })]));
      const jobId = res.body.jobId as string;
      await waitForImport(t, org.orgId, org.manager.token, jobId);
      await t.dataSource.query("UPDATE user_import_jobs SET state = 'running' WHERE id = ?", [jobId]);
      t.clock.advanceMinutes(11);
      const token = await loginAs(t, 'csvboss1');
      const view = await t.api('get', `/organizations/${org.orgId}/users/import/${jobId}`, token);
      expect(view.body).toMatchObject({ state: 'failed', errorCode: 'IMPORT_INTERRUPTED' });
      t.clock.advanceMinutes(-11);
    });

    it('another organization’s job is 404', async () => {
      const res = await uploadCsv(t, org.orgId, org.manager.token, csv([line({ loginId: 'job00001' })]));
      const jobId = res.body.jobId as string;
      await waitForImport(t, org.orgId, org.manager.token, jobId);
      const stranger = await createOrg(t);
      expect(
        (await t.api('get', `/organizations/${stranger.orgId}/users/import/${jobId}`, stranger.manager.token))
          .status,
      ).toBe(404);
    });
  });

  describe('round trips', () => {
    it('a file exported by Kanri imports back unchanged', async () => {
      const varied = await createOrgUser(t, org, {
        loginId: 'trip0001',
        note: '-1 は "負" の数\r\n二行目, @mention',
        language: 'en',
        validFrom: '2026-01-01',
        attributes: ['+plus', 'タグ'],
        groupId,
      });
      await t
        .api('patch', `/organizations/${org.orgId}/users/${varied.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, disabled: true });
      await createOrgUser(t, org, {
        loginId: 'trip0002',
        provisional: true,
        password: undefined,
        email: 't2@example.jp',
      });
      await t.dataSource.query("UPDATE users SET locked_at = updated_at WHERE login_id = 'trip0002'");
      const before = await exportCsv(t, org.orgId, org.manager.token);
      const job = await importCsv(t, org.orgId, org.manager.token, before);
      expect(job).toMatchObject({ state: 'succeeded', created: 0, updated: 0 });
      expect(job.total).toBeGreaterThanOrEqual(9);
      expect(before.toString('utf8')).toContain('"\'-1 は ""負"" の数\r\n二行目, @mention"');
      const after = await exportCsv(t, org.orgId, org.manager.token);
      expect(after.equals(before)).toBe(true);
    });

    it('a Shift_JIS file with 髙橋 and ｶﾅ imports, exports and imports back', async () => {
      const sjis = iconv.encode(
        csv([
          line({
            loginId: 'sjis0001',
            familyName: '髙橋',
            givenName: 'ｶﾅ',
            familyNameKana: 'ﾀｶﾊｼ',
            givenNameKana: 'ｶﾅ',
            note: 'ｶﾅ ﾒﾓ',
            email: 'sjis@example.jp',
          }),
        ]),
        'cp932',
      );
      expect(sjis.includes(Buffer.from('髙', 'utf8'))).toBe(false);
      const job = await importCsv(t, org.orgId, org.manager.token, sjis);
      expect(job).toMatchObject({ state: 'succeeded', created: 1 });
      // Kana fields are stored full-width (NFKC); other fields exactly as given.
      expect(await userByLogin('sjis0001')).toMatchObject({
        family_name: '髙橋',
        given_name: 'ｶﾅ',
        family_name_kana: 'タカハシ',
        given_name_kana: 'カナ',
        note: 'ｶﾅ ﾒﾓ',
      });
      const exported = await exportCsv(t, org.orgId, org.manager.token, `?encoding=sjis&q=sjis0001`);
      const text = iconv.decode(exported, 'cp932');
      expect(text.split('\r\n')[1]).toMatch(/^sjis0001,髙橋,ｶﾅ,タカハシ,カナ,sjis@example\.jp,/);
      expect(text).toContain('ｶﾅ ﾒﾓ');
      const back = await importCsv(t, org.orgId, org.manager.token, exported, { encoding: 'sjis' });
      expect(back).toMatchObject({ state: 'succeeded', created: 0, updated: 0 });
      expect(
        iconv.decode(await exportCsv(t, org.orgId, org.manager.token, `?encoding=sjis&q=sjis0001`), 'cp932'),
      ).toBe(text);
    });

    it('reads UTF-8 without a BOM too', async () => {
      const job = await importCsv(
        t,
        org.orgId,
        org.manager.token,
        csv([line({ loginId: 'nobom001', familyName: '無印' })]),
      );
      expect(job.state).toBe('succeeded');
      expect((await userByLogin('nobom001')).family_name).toBe('無印');
    });
  });
});
