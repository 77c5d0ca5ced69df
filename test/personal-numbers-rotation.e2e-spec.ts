import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@kanri/common/config/app-config';
import { FieldCipher } from '@kanri/security/field-cipher';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { NumberVault } from '../src/personal-numbers/number-vault';
import { KeyRotationService } from '../src/personal-numbers/rotation/key-rotation.service';
import { DEFAULT_CONFIRMATION, loginAs } from './support/factories';
import { createOrg } from './support/org-factories';
import { rowsOf, validNumbers } from './support/personal-number-helpers';
import {
  createTestDatabase,
  sameDatabase,
  testDatabaseKind,
  type TestDatabase,
} from './support/test-database';
import { createTestApp, type TestApp } from './support/test-app';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

/** A database app instances can share one after the other (an SQLite file: in-memory ones are per app). */
async function sharedDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'mysql') return createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'kanri-rotation-'));
  return {
    url: `sqlite:${join(dir, 'kanri.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * SPEC §8 "key id stored with the ciphertext so keys can rotate": rows written under key `old` are re-encrypted by the
 * job once the app runs with the ring `new:…,old:…`, after which `old` can be dropped. Apps are started one after
 * another on one database (only the latest app of a process may serve requests: passport keeps one JWT strategy).
 */
describe('Individual numbers: key rotation (re-encrypt job)', () => {
  const ROWS = 450; // more than two chunks of 200
  const numbers = validNumbers(23, ROWS);
  let db: TestDatabase;
  let orgId: string;
  let managerLoginId: string;
  let ids: string[];

  beforeAll(async () => {
    db = await sharedDatabase();
    const oldApp = await createTestApp({
      database: sameDatabase(db),
      env: { FIELD_ENCRYPTION_KEY: `old:${key(1)}` },
    });
    try {
      const org = await createOrg(oldApp);
      orgId = org.orgId;
      managerLoginId = org.manager.loginId;
      const file = [
        '社員番号,続柄,氏,名,個人番号',
        ...numbers.map((n, i) => `KR${String(i).padStart(4, '0')},本人,鍵,太郎,${n}`),
      ];
      const res = await oldApp
        .api('post', `/organizations/${orgId}/personal-numbers/import`, org.manager.token)
        .field('confirmationPassword', DEFAULT_CONFIRMATION)
        .attach('file', Buffer.from(file.join('\r\n')), 'old.csv');
      expect(res.body).toMatchObject({ created: ROWS });
      ids = (
        await rowsOf<{ id: string }>(
          oldApp,
          'SELECT r.id FROM personal_number_records r JOIN personal_number_employees e ON e.id = r.employee_id WHERE r.organization_id = ? ORDER BY e.employee_code',
          [orgId],
        )
      ).map((r) => r.id);
    } finally {
      await oldApp.close();
    }
  });
  afterAll(() => db.drop());

  async function withApp<T>(fieldKey: string, work: (app: TestApp, token: string) => Promise<T>): Promise<T> {
    const app = await createTestApp({ database: sameDatabase(db), env: { FIELD_ENCRYPTION_KEY: fieldKey } });
    try {
      return await work(app, await loginAs(app, managerLoginId));
    } finally {
      await app.close();
    }
  }

  const reveal = async (app: TestApp, token: string, i: number) =>
    (await app.api('post', `/organizations/${orgId}/personal-numbers/${ids[i]}/reveal`, token).send({})).body
      .number as string;

  const registerOwn = (app: TestApp, token: string, number: string) =>
    app
      .api('post', `/organizations/${orgId}/personal-numbers`, token)
      .send({ employeeCode: 'KRDUP', familyName: '重複', givenName: '太郎', relation: 'self', number });

  it('re-encrypts every row under the new key in chunks, idempotently, and every number still reveals', async () => {
    await withApp(`new:${key(2)},old:${key(1)}`, async (app, token) => {
      const rotation = app.app.get(KeyRotationService);
      expect(await rotation.pendingCount()).toBe(ROWS);
      // Before the job, old rows open with the old key, and duplicates are found across keys.
      expect(await reveal(app, token, 0)).toBe(numbers[0]);
      expect((await registerOwn(app, token, numbers[1])).body.code).toBe('PERSONAL_NUMBER_DUPLICATE');

      expect(await rotation.reencryptAll()).toBe(ROWS);
      expect(await rotation.pendingCount()).toBe(0);
      expect(await rotation.reencryptAll()).toBe(0);

      const keys = await rowsOf<{ number_key_id: string; n: number | string }>(
        app,
        'SELECT number_key_id, COUNT(*) AS n FROM personal_number_records WHERE organization_id = ? GROUP BY number_key_id',
        [orgId],
      );
      expect(keys.map((k) => [k.number_key_id, Number(k.n)])).toEqual([['new', ROWS]]);
      const ciphers = await rowsOf<{ number_cipher: string }>(
        app,
        'SELECT number_cipher FROM personal_number_records WHERE organization_id = ?',
        [orgId],
      );
      expect(ciphers.filter((c) => !c.number_cipher.startsWith('v1.new.'))).toEqual([]);
      for (const i of [0, 199, 200, 449]) expect(await reveal(app, token, i)).toBe(numbers[i]);
      // Nothing in the vault needs `old` any more: a vault that knows only `new` opens every row. (The key can leave
      // the ring once the other holders of data under it — CA keys, TOTP secrets — have re-encrypted theirs too.)
      const onlyNew = { fieldKeys: [{ id: 'new', key: Buffer.alloc(32, 2) }] } as unknown as AppConfig;
      const vault = new NumberVault(new FieldCipher(onlyNew), onlyNew);
      const sealed = await rowsOf<{ id: string; number_cipher: string }>(
        app,
        'SELECT r.id, r.number_cipher FROM personal_number_records r JOIN personal_number_employees e ON e.id = r.employee_id WHERE r.organization_id = ? ORDER BY e.employee_code',
        [orgId],
      );
      expect(sealed.map((r) => vault.open(r.id, r.number_cipher))).toEqual(numbers);
      expect((await registerOwn(app, token, numbers[2])).body.code).toBe('PERSONAL_NUMBER_DUPLICATE');

      await app.app.get(AuditRecorder).drain();
      const audit = await rowsOf<{ operator_login_id: string; operation: string; details: string }>(
        app,
        "SELECT operator_login_id, operation, details FROM operation_history WHERE screen = 'マイナンバー暗号鍵更新'",
      );
      expect(audit).toEqual([expect.objectContaining({ operator_login_id: 'system', operation: 'update' })]);
      expect(JSON.parse(audit[0].details)).toEqual({ body: { sealedWith: 'new', pending: ROWS } });
    });
  });
});
