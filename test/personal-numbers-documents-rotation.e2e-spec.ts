import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'supertest';
import type { AppConfig } from '@kanri/common/config/app-config';
import { FieldCipher } from '@kanri/security/field-cipher';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { DocumentVault } from '../src/personal-numbers/documents/document-vault';
import { KeyRotationService } from '../src/personal-numbers/rotation/key-rotation.service';
import { loginAs } from './support/factories';
import { distinctiveBytes, jpegWith, pdfWith, pngWith } from './support/id-document-files';
import { createOrg } from './support/org-factories';
import { createRecord, rowsOf, withCheckDigit } from './support/personal-number-helpers';
import {
  createTestDatabase,
  sameDatabase,
  testDatabaseKind,
  type TestDatabase,
} from './support/test-database';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

async function sharedDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'mysql') return createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'kanri-doc-rotation-'));
  return {
    url: `sqlite:${join(dir, 'kanri.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function binary(req: Test): Test {
  return req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/**
 * SPEC §15 "sealed with the field key, rotated like the numbers": images uploaded under key `old` are re-sealed by the
 * vault's rotation once the ring is `new:…,old:…`; afterwards no chunk names `old`, and an app that knows only `new`
 * shows every image byte for byte.
 */
describe('Individual numbers: ID documents under key rotation', () => {
  let db: TestDatabase;
  let orgId: string;
  let managerLoginId: string;
  const files: { recordId: string; documentId: string; bytes: Buffer }[] = [];
  // 2.5 MiB: three chunks, the last one short.
  const large = pngWith(
    Buffer.concat([distinctiveBytes('rot-large'), Buffer.alloc(2.5 * 1024 * 1024, 0x5a)]),
  );
  let chunkCount = 0;

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
      const self = await createRecord(oldApp, orgId, org.manager.token, {
        employeeCode: 'DR001',
        number: withCheckDigit('16180339887'),
      });
      const child = await createRecord(oldApp, orgId, org.manager.token, {
        employeeCode: 'DR001',
        relation: 'child',
        givenName: '花子',
      });
      for (const [recordId, bytes] of [
        [self.id, jpegWith(distinctiveBytes('rot-j'))],
        [self.id, large],
        [child.id, pdfWith(distinctiveBytes('rot-p'))],
      ] as const) {
        const res = await oldApp
          .api('post', `/organizations/${orgId}/personal-numbers/${recordId}/documents`, org.manager.token)
          .field('kind', 'number_confirmation')
          .attach('file', bytes, 'scan');
        expect(res.status).toBe(201);
        files.push({ recordId, documentId: res.body.id, bytes });
      }
      chunkCount = 1 + 3 + 1;
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

  const view = async (app: TestApp, token: string, f: (typeof files)[number]) => {
    const res = await binary(
      app.api(
        'get',
        `/organizations/${orgId}/personal-numbers/${f.recordId}/documents/${f.documentId}`,
        token,
      ),
    );
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const keyIds = async (app: TestApp) =>
    (
      await rowsOf<{ key_id: string; n: number | string }>(
        app,
        'SELECT key_id, COUNT(*) AS n FROM personal_number_document_chunks GROUP BY key_id ORDER BY key_id',
      )
    ).map((r) => [r.key_id, Number(r.n)]);

  it('re-seals every chunk under the new key; the old key id is gone from the table and every image still opens', async () => {
    await withApp(`new:${key(2)},old:${key(1)}`, async (app, token) => {
      expect(await keyIds(app)).toEqual([['old', chunkCount]]);
      const rotation = app.app.get(KeyRotationService);
      // One number plus the chunks are pending; before the run, images still open under `old`.
      expect(await rotation.pendingCount()).toBe(1 + chunkCount);
      expect(Buffer.compare(await view(app, token, files[1]), large)).toBe(0);
      const sealedBefore = await rowsOf<{ id: string; sealed: Buffer }>(
        app,
        'SELECT id, sealed FROM personal_number_document_chunks ORDER BY id',
      );

      expect(await rotation.reencryptAll()).toBe(1 + chunkCount);
      expect(await rotation.pendingCount()).toBe(0);
      expect(await rotation.reencryptAll()).toBe(0);

      expect(await keyIds(app)).toEqual([['new', chunkCount]]);
      expect(
        await rowsOf(app, "SELECT id FROM personal_number_document_chunks WHERE key_id = 'old'"),
      ).toEqual([]);
      const sealedAfter = await rowsOf<{ id: string; sealed: Buffer }>(
        app,
        'SELECT id, sealed FROM personal_number_document_chunks ORDER BY id',
      );
      // Same chunks (ids), new ciphertexts.
      expect(sealedAfter.map((c) => c.id)).toEqual(sealedBefore.map((c) => c.id));
      sealedAfter.forEach((c, i) => expect(Buffer.compare(c.sealed, sealedBefore[i].sealed)).not.toBe(0));
      for (const f of files) expect(Buffer.compare(await view(app, token, f), f.bytes)).toBe(0);

      await app.app.get(AuditRecorder).drain();
      const audit = await rowsOf<{ operator_login_id: string; details: string }>(
        app,
        "SELECT operator_login_id, details FROM operation_history WHERE screen = 'マイナンバー暗号鍵更新' ORDER BY occurred_at, id",
      );
      expect(audit.map((a) => [a.operator_login_id, JSON.parse(a.details)])).toEqual([
        ['system', { body: { sealedWith: 'new', pending: 1 } }],
        ['system', { body: { sealedWith: 'new', pending: chunkCount } }],
      ]);
    });
  });

  it('a vault that knows only the new key opens every image byte for byte', async () => {
    // (An app with only `new` would not start here: the CA key and TOTP secrets have rotations of their own, run in
    // test/field-key-rotation; the images no longer need `old`.)
    const onlyNew = { fieldKeys: [{ id: 'new', key: Buffer.alloc(32, 2) }] } as unknown as AppConfig;
    const vault = new DocumentVault(new FieldCipher(onlyNew));
    await withApp(`new:${key(2)},old:${key(1)}`, async (app) => {
      for (const f of files) {
        const [doc] = await rowsOf<{ chunk_count: number }>(
          app,
          'SELECT chunk_count FROM personal_number_documents WHERE id = ?',
          [f.documentId],
        );
        const chunks = await rowsOf<{ id: string; chunk_index: number; key_id: string; sealed: Buffer }>(
          app,
          'SELECT id, chunk_index, key_id, sealed FROM personal_number_document_chunks WHERE document_id = ?',
          [f.documentId],
        );
        const opened = vault.open(
          f.documentId,
          Number(doc.chunk_count),
          chunks.map((c) => ({
            id: c.id,
            documentId: f.documentId,
            chunkIndex: Number(c.chunk_index),
            keyId: c.key_id,
            sealed: c.sealed,
          })),
        );
        expect(Buffer.compare(opened, f.bytes)).toBe(0);
      }
    });
  });
});
