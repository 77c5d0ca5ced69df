import type { Test } from 'supertest';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { distinctiveBytes, formsOfBytes, jpegWith, pdfWith, pngWith } from './support/id-document-files';
import { createOrg, type CreatedOrg } from './support/org-factories';
import { createRecord, rowsOf, withCheckDigit } from './support/personal-number-helpers';
import { scannableDatabase } from './support/scannable-database';
import { captureOutput } from './support/captured-output';
import { testDatabaseKind } from './support/test-database';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

/** Which of the labelled byte sequences (in any of their forms) occur in `haystack`. */
function found(haystack: Buffer | string, secrets: Record<string, Buffer>): string[] {
  const bytes = Buffer.isBuffer(haystack) ? haystack : Buffer.from(haystack, 'utf8');
  return Object.entries(secrets).flatMap(([label, secret]) =>
    formsOfBytes(secret).some((form) => bytes.includes(form)) ? [label] : [],
  );
}

function binary(req: Test): Test {
  return req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/**
 * SPEC §15 and §0, manual ⑥ (暗号化保存) and ③ (全削除: 証憑画像): after ID documents with distinctive bytes have gone
 * through every document route — uploads, refused uploads, views, deletions — none of those bytes is in the database
 * (SQLite file and WAL, or a mysqldump with binary columns as hex), the log output, an error body, operation history
 * or the handling log. After the organization-wide purge no document row remains, and on SQLite not even the sealed
 * chunks' bytes are left in the file or the WAL.
 */
describe('ID documents: no image bytes in clear anywhere, nothing left after the purge', () => {
  const secrets = {
    jpeg: distinctiveBytes('plain-jpeg'),
    png: distinctiveBytes('plain-png'),
    pdf: distinctiveBytes('plain-pdf'),
    large: distinctiveBytes('plain-large'),
    refused: distinctiveBytes('plain-refused'),
    tooLarge: distinctiveBytes('plain-too-large'),
    deleted: distinctiveBytes('plain-deleted'),
  };
  const logs: string[] = [];
  const errorBodies: string[] = [];
  let db: Awaited<ReturnType<typeof scannableDatabase>>;
  let t: TestApp;
  let org: CreatedOrg;
  let base: string;
  let restoreOutput: () => void;
  let sealedSamples: Buffer[] = [];

  beforeAll(async () => {
    db = await scannableDatabase('kanri-doc-plaintext');
    t = await createTestApp({ database: db });
    restoreOutput = captureOutput(t.app, logs);
    org = await createOrg(t);
    base = `/organizations/${org.orgId}/personal-numbers`;
  });

  afterAll(async () => {
    restoreOutput();
    await t.close();
    await db.drop();
  });

  const upload = async (recordId: string, file: Buffer, name: string) => {
    const res = await t
      .api('post', `${base}/${recordId}/documents`, org.manager.token)
      .field('kind', 'identity_confirmation')
      .attach('file', file, { filename: name, contentType: 'image/jpeg' });
    if (res.status >= 400) errorBodies.push(JSON.stringify(res.body));
    return res;
  };

  it('takes images through every document route, successful or not', async () => {
    const self = await createRecord(t, org.orgId, org.manager.token, {
      employeeCode: 'PD001',
      number: withCheckDigit('27182818284'),
    });
    const spouse = await createRecord(t, org.orgId, org.manager.token, {
      employeeCode: 'PD001',
      relation: 'spouse',
      givenName: '花子',
    });
    const files = {
      jpeg: jpegWith(secrets.jpeg),
      png: pngWith(secrets.png),
      pdf: pdfWith(secrets.pdf),
      // Three chunks, the secret in the middle one.
      large: pngWith(
        Buffer.concat([
          Buffer.alloc(1024 * 1024 + 5000, 0x11),
          secrets.large,
          Buffer.alloc(1024 * 1024, 0x22),
        ]),
      ),
      deleted: jpegWith(secrets.deleted),
    };
    const stored: { recordId: string; id: string; bytes: Buffer }[] = [];
    for (const [recordId, key] of [
      [self.id, 'jpeg'],
      [self.id, 'large'],
      [spouse.id, 'png'],
      [spouse.id, 'pdf'],
      [spouse.id, 'deleted'],
    ] as const) {
      const res = await upload(recordId, files[key], `${key}.jpg`);
      expect(res.status).toBe(201);
      stored.push({ recordId, id: res.body.id, bytes: files[key] });
    }
    // Refused: not an image (its bytes still pass through the server), and too large.
    const refused = Buffer.concat([Buffer.from('GIF89a'), secrets.refused]);
    expect((await upload(self.id, refused, 'card.jpg')).status).toBe(415);
    const tooLarge = pngWith(Buffer.concat([secrets.tooLarge, Buffer.alloc(10 * 1024 * 1024, 0x33)]));
    expect((await upload(self.id, tooLarge, 'card.png')).status).toBe(413);

    // The views show the images (the test would see the bytes if they were there to see).
    for (const s of stored) {
      const res = await binary(t.api('get', `${base}/${s.recordId}/documents/${s.id}`, org.manager.token));
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, s.bytes)).toBe(0);
    }
    expect(found(Buffer.concat(stored.map((s) => s.bytes)), secrets).sort()).toEqual(
      ['deleted', 'jpeg', 'large', 'pdf', 'png'].sort(),
    );
    const deleted = stored.find((s) => s.bytes === files.deleted)!;
    expect(
      (await t.api('delete', `${base}/${deleted.recordId}/documents/${deleted.id}`, org.manager.token))
        .status,
    ).toBe(204);
    await t.app.get(AuditRecorder).drain();
    sealedSamples = (
      await rowsOf<{ sealed: Buffer }>(t, 'SELECT sealed FROM personal_number_document_chunks')
    ).map((c) => c.sealed.subarray(100, 164));
    expect(sealedSamples).toHaveLength(1 + 3 + 1 + 1);
  });

  it('no error body, operation-history row, handling-log row or log line carries an image’s bytes', async () => {
    expect(errorBodies).toHaveLength(2);
    expect(found(errorBodies.join('\n'), secrets)).toEqual([]);
    const history = await rowsOf<{ details: string | null }>(t, 'SELECT details FROM operation_history');
    expect(history.length).toBeGreaterThan(10);
    expect(found(JSON.stringify(history), secrets)).toEqual([]);
    expect(
      found(JSON.stringify(await rowsOf(t, 'SELECT * FROM personal_number_handling_log')), secrets),
    ).toEqual([]);
    expect(found(logs.join('\n'), secrets)).toEqual([]);
  });

  it(`the database ${testDatabaseKind === 'mysql' ? '(a mysqldump)' : 'file and its WAL'} carries none — and the sealed chunks are there`, () => {
    const dump = db.dump();
    // The scan sees the database: the sealed chunks are in it (as hex in the dump).
    const seen = (sample: Buffer) =>
      dump.includes(sample) || dump.includes(Buffer.from(sample.toString('hex').toUpperCase()));
    expect(sealedSamples.every(seen)).toBe(true);
    expect(found(dump, secrets)).toEqual([]);
  });

  it('after the organization-wide purge no document row remains, and no sealed chunk either', async () => {
    const res = await t
      .api('post', `${base}/purge`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    expect(res.body).toEqual({ deletedEmployees: 1, deletedRecords: 2 });
    expect(await rowsOf(t, 'SELECT id FROM personal_number_documents')).toEqual([]);
    expect(await rowsOf(t, 'SELECT id FROM personal_number_document_chunks')).toEqual([]);
    const dump = db.dump();
    expect(found(dump, secrets)).toEqual([]);
    const left = sealedSamples.filter(
      (sample) => dump.includes(sample) || dump.includes(Buffer.from(sample.toString('hex').toUpperCase())),
    );
    expect(left).toEqual([]);
    expect(found(logs.join('\n'), secrets)).toEqual([]);
  });
});
