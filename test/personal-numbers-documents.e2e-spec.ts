import type { Test } from 'supertest';
import { Permission } from '@kanri/access/permission';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { RetireePurgeService } from '../src/personal-numbers/erasure/retiree-purge.service';
import { loginAs } from './support/factories';
import { distinctiveBytes, jpegWith, pdfWith, pngWith } from './support/id-document-files';
import {
  addMember,
  createGroup,
  createOrg,
  grantPermissions,
  operatorToken,
  placeInGroup,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import { createRecord, rowsOf, withCheckDigit } from './support/personal-number-helpers';
import { testDatabaseKind } from './support/test-database';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const MAX = 10 * 1024 * 1024;

/** Reads a download whole, whatever its type. */
function binary(req: Test): Test {
  return req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** A PNG of exactly `size` bytes (its private chunk padded). */
function pngOfSize(size: number): Buffer {
  const overhead = pngWith(Buffer.alloc(0)).length;
  const payload = Buffer.alloc(size - overhead);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + 7) % 253;
  const png = pngWith(payload);
  expect(png.length).toBe(size);
  return png;
}

/**
 * SPEC §15 and the manual (証憑画像): ID documents of individual-number records — JPEG, PNG or PDF up to 10 MB, judged
 * by their content; sealed; listed without their bytes; viewed only as the number is revealed, with a handling-log
 * row per view; deleted alone, with the record, and by the retiree purge (the organization purge is in
 * personal-numbers-documents-plaintext).
 */
describe('Individual numbers: ID documents (番号確認書類・身元確認書類)', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let base: string;
  let recordId: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    base = `/organizations/${org.orgId}/personal-numbers`;
    recordId = (
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'ID001',
        number: withCheckDigit('31415926535'),
      })
    ).id;
  });
  afterAll(() => t.close());

  const upload = (
    id: string,
    token: string,
    file: Buffer | null,
    kind: string | null = 'number_confirmation',
    name = 'scan.bin',
    contentType = 'application/octet-stream',
  ) => {
    let req = t.api('post', `${base}/${id}/documents`, token);
    if (kind !== null) req = req.field('kind', kind);
    if (file) req = req.attach('file', file, { filename: name, contentType });
    return req;
  };
  const counts = async () => ({
    documents: Number(
      (await rowsOf<{ n: number }>(t, 'SELECT COUNT(*) AS n FROM personal_number_documents'))[0].n,
    ),
    chunks: Number(
      (await rowsOf<{ n: number }>(t, 'SELECT COUNT(*) AS n FROM personal_number_document_chunks'))[0].n,
    ),
    logged: Number(
      (
        await rowsOf<{ n: number }>(
          t,
          "SELECT COUNT(*) AS n FROM personal_number_handling_log WHERE action LIKE 'document%'",
        )
      )[0].n,
    ),
  });

  describe('upload: the type by content, never by name or Content-Type', () => {
    it.each([
      [
        'a JPEG named .pdf and sent as PDF',
        () => jpegWith(distinctiveBytes('j')),
        'card.pdf',
        'application/pdf',
        'image/jpeg',
      ],
      ['a PNG named .jpg', () => pngWith(distinctiveBytes('p')), 'card.jpg', 'image/jpeg', 'image/png'],
      [
        'a PDF without extension',
        () => pdfWith(distinctiveBytes('d')),
        'juminhyo',
        'application/octet-stream',
        'application/pdf',
      ],
    ])(
      'stores %s as what it is, sealed, with a handling-log row',
      async (_what, make, name, sentType, detected) => {
        const file = make();
        const before = await counts();
        const res = await upload(recordId, org.manager.token, file, 'identity_confirmation', name, sentType);
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.any(String),
          recordId,
          kind: 'identity_confirmation',
          contentType: detected,
          byteSize: file.length,
          uploadedBy: org.manager.id,
          createdAt: expect.any(String),
        });
        expect(await counts()).toEqual({
          documents: before.documents + 1,
          chunks: before.chunks + 1,
          logged: before.logged + 1,
        });
        const [chunk] = await rowsOf<{ sealed: Buffer; key_id: string }>(
          t,
          'SELECT c.sealed, c.key_id FROM personal_number_document_chunks c WHERE c.document_id = ?',
          [res.body.id],
        );
        // Sealed: 12 bytes of IV, 16 of tag, then as many bytes as the file, none of them the file's.
        expect(chunk.sealed.length).toBe(file.length + 28);
        expect(chunk.sealed.includes(file.subarray(file.length - 64))).toBe(false);
        expect(chunk.key_id).toBe(t.config.fieldKeys[0].id);
        const [log] = await rowsOf<Record<string, unknown>>(
          t,
          'SELECT action, record_id, employee_code, relation, request_id FROM personal_number_handling_log WHERE request_id = ?',
          [res.headers['x-request-id']],
        );
        expect(log).toEqual({
          action: 'document_upload',
          record_id: recordId,
          employee_code: 'ID001',
          relation: 'self',
          request_id: res.headers['x-request-id'],
        });
      },
    );

    it.each([
      [
        'an executable named .jpg and sent as image/jpeg',
        Buffer.from('MZ\x90\0\x03\0\0\0 this program', 'latin1'),
        'card.jpg',
        'image/jpeg',
      ],
      ['a GIF', Buffer.from('GIF89a\x01\0\x01\0\x80\0\0', 'latin1'), 'card.gif', 'image/gif'],
      [
        'a JPEG cut before its end',
        jpegWith(distinctiveBytes('cut')).subarray(0, 60),
        'card.jpg',
        'image/jpeg',
      ],
      [
        'a PNG with a broken chunk',
        (() => {
          const p = pngWith(distinctiveBytes('crc'));
          p[50] ^= 1;
          return p;
        })(),
        'card.png',
        'image/png',
      ],
      [
        'a PNG signature and nothing of a PNG',
        Buffer.concat([pngWith(Buffer.alloc(0)).subarray(0, 8), Buffer.from('<script>')]),
        'card.png',
        'image/png',
      ],
      ['a PDF header without an end', Buffer.from('%PDF-1.7\n1 0 obj'), 'card.pdf', 'application/pdf'],
      [
        'SVG',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'card.png',
        'image/png',
      ],
    ])(
      'refuses %s with 415 DOCUMENT_TYPE_UNSUPPORTED and writes nothing',
      async (_what, file, name, sentType) => {
        const before = await counts();
        const res = await upload(recordId, org.manager.token, file, 'number_confirmation', name, sentType);
        expect(res.status).toBe(415);
        expect(res.body).toMatchObject({
          statusCode: 415,
          code: 'DOCUMENT_TYPE_UNSUPPORTED',
          details: { accepted: ['image/jpeg', 'image/png', 'application/pdf'] },
        });
        expect(await counts()).toEqual(before);
      },
    );

    it('takes a file of exactly 10 MB in 1 MiB sealed chunks (each INSERT far below max_allowed_packet) and gives it back byte for byte', async () => {
      const file = pngOfSize(MAX);
      const res = await upload(recordId, org.manager.token, file);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ byteSize: MAX, contentType: 'image/png' });
      const chunks = await rowsOf<{ chunk_index: number; n: number }>(
        t,
        'SELECT chunk_index, LENGTH(sealed) AS n FROM personal_number_document_chunks WHERE document_id = ? ORDER BY chunk_index',
        [res.body.id],
      );
      expect(chunks.map((c) => [Number(c.chunk_index), Number(c.n)])).toEqual(
        Array.from({ length: 10 }, (_, i) => [i, 1024 * 1024 + 28]),
      );
      const back = await binary(
        t.api('get', `${base}/${recordId}/documents/${res.body.id}`, org.manager.token),
      );
      expect(back.status).toBe(200);
      expect(back.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(back.body as Buffer, file)).toBe(0);
      expect(
        (await t.api('delete', `${base}/${recordId}/documents/${res.body.id}`, org.manager.token)).status,
      ).toBe(204);
    });

    it('refuses one byte more with 413 DOCUMENT_TOO_LARGE and writes nothing', async () => {
      const before = await counts();
      const res = await upload(recordId, org.manager.token, pngOfSize(MAX + 1));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', details: { maxBytes: MAX } });
      expect(await counts()).toEqual(before);
    });

    it('answers 400 for a missing file, a missing or unknown kind, or a number typed into the kind', async () => {
      const before = await counts();
      const png = pngWith(distinctiveBytes('x'));
      const noFile = await upload(recordId, org.manager.token, null);
      expect([noFile.status, noFile.body.code, Object.keys(noFile.body.details.fields)]).toEqual([
        400,
        'VALIDATION_FAILED',
        ['file'],
      ]);
      const noKind = await upload(recordId, org.manager.token, png, null);
      expect([noKind.status, Object.keys(noKind.body.details.fields)]).toEqual([400, ['kind']]);
      const badKind = await upload(recordId, org.manager.token, png, 'selfie');
      expect([badKind.status, Object.keys(badKind.body.details.fields)]).toEqual([400, ['kind']]);
      const numberInKind = await upload(recordId, org.manager.token, png, '3141-5926-5358');
      expect([numberInKind.status, numberInKind.body.details.fields]).toEqual([
        400,
        { kind: ['an individual number belongs in the number field only'] },
      ]);
      const extra = await upload(recordId, org.manager.token, png).field('note', 'x');
      expect(extra.status).toBe(400);
      expect(await counts()).toEqual(before);
    });
  });

  describe('list, view and delete', () => {
    let reader: OrgMember;
    let writer: OrgMember;
    let nobody: OrgMember;
    let docId: string;
    const file = jpegWith(distinctiveBytes('view'));

    beforeAll(async () => {
      [reader, writer, nobody] = [
        await addMember(t, org.orgId),
        await addMember(t, org.orgId),
        await addMember(t, org.orgId),
      ];
      await grantPermissions(t, org, reader.id, [Permission.PersonalNumbersRead]);
      await grantPermissions(t, org, writer.id, [Permission.PersonalNumbersWrite]);
      docId = (await upload(recordId, writer.token, file, 'number_confirmation')).body.id;
    });

    it('lists metadata only, oldest first, to anyone with a personal_numbers permission', async () => {
      const res = await t.api('get', `${base}/${recordId}/documents`, writer.token);
      expect(res.status).toBe(200);
      expect(res.body.items.map((d: { contentType: string }) => d.contentType)).toEqual([
        'image/jpeg',
        'image/png',
        'application/pdf',
        'image/jpeg',
      ]);
      expect(res.body.items[3]).toEqual({
        id: docId,
        recordId,
        kind: 'number_confirmation',
        contentType: 'image/jpeg',
        byteSize: file.length,
        uploadedBy: writer.id,
        createdAt: expect.any(String),
      });
      expect((await t.api('get', `${base}/${recordId}/documents`, nobody.token)).status).toBe(403);
    });

    it('shows the document to a reader, as uploaded, and writes a handling-log row and an operation-history row per view', async () => {
      const viewed = async () =>
        Number(
          (
            await rowsOf<{ n: number }>(
              t,
              "SELECT COUNT(*) AS n FROM personal_number_handling_log WHERE action = 'document_view' AND record_id = ?",
              [recordId],
            )
          )[0].n,
        );
      const before = await viewed();
      for (let i = 0; i < 3; i++) {
        const res = await binary(t.api('get', `${base}/${recordId}/documents/${docId}`, reader.token));
        expect(res.status).toBe(200);
        expect(res.headers).toMatchObject({
          'content-type': 'image/jpeg',
          'content-disposition': `attachment; filename="number_confirmation-${docId}.jpg"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        expect(Buffer.compare(res.body as Buffer, file)).toBe(0);
        if (i === 0) {
          await t.app.get(AuditRecorder).drain();
          const requestId = res.headers['x-request-id'];
          const audit = await rowsOf<{ screen: string; operation: string; operator_user_id: string }>(
            t,
            'SELECT screen, operation, operator_user_id FROM operation_history WHERE request_id = ?',
            [requestId],
          );
          expect(audit).toEqual([
            { screen: 'マイナンバー証憑画像照会', operation: 'search', operator_user_id: reader.id },
          ]);
          const log = await t.api('get', `${base}/handling-log?action=document_view`, org.manager.token);
          expect(log.body.items[0]).toMatchObject({
            action: 'document_view',
            recordId,
            employeeCode: 'ID001',
            relation: 'self',
            operatorUserId: reader.id,
            requestId,
          });
        }
      }
      expect(await viewed()).toBe(before + 3);
    });

    it('refuses the view as it refuses a reveal: without personal_numbers.read (403), to system operators (403)', async () => {
      const before = await counts();
      expect((await t.api('get', `${base}/${recordId}/documents/${docId}`, writer.token)).status).toBe(403);
      expect((await t.api('get', `${base}/${recordId}/documents/${docId}`, nobody.token)).status).toBe(403);
      const operator = await t.api('get', `${base}/${recordId}/documents/${docId}`, await operatorToken(t));
      expect([operator.status, operator.body.code]).toEqual([403, 'FORBIDDEN']);
      expect((await upload(recordId, reader.token, file)).status).toBe(403);
      expect((await t.api('delete', `${base}/${recordId}/documents/${docId}`, reader.token)).status).toBe(
        403,
      );
      expect(await counts()).toEqual(before);
    });

    it('answers 404 for another organization, another record, or an unknown document', async () => {
      const other = await createOrg(t);
      const otherRecord = (await createRecord(t, other.orgId, other.manager.token, { employeeCode: 'OT001' }))
        .id;
      const foreign = `/organizations/${other.orgId}/personal-numbers`;
      // Another organization's manager, through their own organization's path: the record is not theirs.
      expect(
        (await t.api('get', `${foreign}/${recordId}/documents/${docId}`, other.manager.token)).status,
      ).toBe(404);
      expect((await t.api('get', `${foreign}/${recordId}/documents`, other.manager.token)).status).toBe(404);
      expect(
        (await t.api('delete', `${foreign}/${recordId}/documents/${docId}`, other.manager.token)).status,
      ).toBe(404);
      expect(
        (
          await t
            .api('post', `${foreign}/${recordId}/documents`, other.manager.token)
            .field('kind', 'number_confirmation')
            .attach('file', file, 'a.jpg')
        ).status,
      ).toBe(404);
      // Their document under their own record, asked for under ours.
      const theirs = (
        await t
          .api('post', `${foreign}/${otherRecord}/documents`, other.manager.token)
          .field('kind', 'number_confirmation')
          .attach('file', file, 'a.jpg')
      ).body.id;
      expect((await t.api('get', `${base}/${recordId}/documents/${theirs}`, org.manager.token)).status).toBe(
        404,
      );
      // Our document under another record of ours.
      const sibling = (await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'ID002' })).id;
      expect((await t.api('get', `${base}/${sibling}/documents/${docId}`, org.manager.token)).status).toBe(
        404,
      );
      expect((await t.api('delete', `${base}/${sibling}/documents/${docId}`, org.manager.token)).status).toBe(
        404,
      );
      expect(
        (
          await t.api(
            'get',
            `${base}/${recordId}/documents/0190c0de-0000-7000-8000-000000000000`,
            org.manager.token,
          )
        ).status,
      ).toBe(404);
    });

    it('keeps to the subtree of a limited administrator (404 outside it)', async () => {
      const sales = await createGroup(t, org, 'DOC-SALES');
      const hr = await createGroup(t, org, 'DOC-HR');
      const limited = await addMember(t, org.orgId);
      await placeInGroup(t, limited.id, sales);
      await grantPermissions(t, org, limited.id, [
        { permission: Permission.UsersManage, scope: 'subtree' },
        { permission: Permission.PersonalNumbersRead, scope: null },
        { permission: Permission.PersonalNumbersWrite, scope: null },
      ]);
      limited.token = await loginAs(t, limited.loginId);
      const inside = (
        await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'ID-S1', groupId: sales })
      ).id;
      const outside = (
        await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'ID-H1', groupId: hr })
      ).id;
      const outsideDoc = (await upload(outside, org.manager.token, file)).body.id;
      expect((await upload(inside, limited.token, file)).status).toBe(201);
      expect((await upload(outside, limited.token, file)).status).toBe(404);
      expect((await t.api('get', `${base}/${outside}/documents`, limited.token)).status).toBe(404);
      expect((await t.api('get', `${base}/${outside}/documents/${outsideDoc}`, limited.token)).status).toBe(
        404,
      );
      expect(
        (await t.api('delete', `${base}/${outside}/documents/${outsideDoc}`, limited.token)).status,
      ).toBe(404);
    });

    it('deletes one document with its chunks, recorded in the handling log', async () => {
      const res = await t.api('delete', `${base}/${recordId}/documents/${docId}`, writer.token);
      expect(res.status).toBe(204);
      expect(await rowsOf(t, 'SELECT id FROM personal_number_documents WHERE id = ?', [docId])).toEqual([]);
      expect(
        await rowsOf(t, 'SELECT id FROM personal_number_document_chunks WHERE document_id = ?', [docId]),
      ).toEqual([]);
      const [log] = await rowsOf<{ action: string; record_id: string }>(
        t,
        'SELECT action, record_id FROM personal_number_handling_log WHERE request_id = ?',
        [res.headers['x-request-id']],
      );
      expect(log).toEqual({ action: 'document_delete', record_id: recordId });
      expect((await t.api('delete', `${base}/${recordId}/documents/${docId}`, writer.token)).status).toBe(
        404,
      );
      expect((await t.api('get', `${base}/${recordId}/documents/${docId}`, reader.token)).status).toBe(404);
    });
  });

  describe('a record keeps at most 10 documents', () => {
    it('refuses the eleventh with 409 DOCUMENT_LIMIT_REACHED — also when 15 uploads race', async () => {
      const id = (await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'LIM01' })).id;
      const file = pngWith(distinctiveBytes('limit'));
      const results = await Promise.all(
        Array.from({ length: 15 }, () => upload(id, org.manager.token, file)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([...Array(10).fill(201), ...Array(5).fill(409)]);
      expect(results.find((r) => r.status === 409)!.body).toMatchObject({
        code: 'DOCUMENT_LIMIT_REACHED',
        details: { limit: 10 },
      });
      const [row] = await rowsOf<{ n: number }>(
        t,
        'SELECT COUNT(*) AS n FROM personal_number_documents WHERE record_id = ?',
        [id],
      );
      expect(Number(row.n)).toBe(10);
    });
  });

  describe('gone with the record (SQL)', () => {
    it('deleting a record deletes its documents and their chunks in the same transaction', async () => {
      const id = (await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'DEL01' })).id;
      const docs = [
        (await upload(id, org.manager.token, jpegWith(distinctiveBytes('d1')))).body.id,
        (await upload(id, org.manager.token, pdfWith(distinctiveBytes('d2')), 'identity_confirmation')).body
          .id,
      ];
      const keep = (await upload(recordId, org.manager.token, pngWith(distinctiveBytes('keep')))).body.id;
      expect((await t.api('delete', `${base}/${id}`, org.manager.token)).status).toBe(204);
      expect(await rowsOf(t, 'SELECT id FROM personal_number_documents WHERE record_id = ?', [id])).toEqual(
        [],
      );
      expect(
        await rowsOf(t, `SELECT id FROM personal_number_document_chunks WHERE document_id IN (?, ?)`, docs),
      ).toEqual([]);
      expect(await rowsOf(t, 'SELECT id FROM personal_number_documents WHERE id = ?', [keep])).toHaveLength(
        1,
      );
    });

    it('the retiree purge deletes retirees’ documents with their records', async () => {
      const retired = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'RET01',
          retiredOn: '2001-03-31',
        })
      ).id;
      const family = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'RET01',
          relation: 'child',
          givenName: '次郎',
        })
      ).id;
      await upload(retired, org.manager.token, jpegWith(distinctiveBytes('r1')));
      await upload(family, org.manager.token, pngWith(distinctiveBytes('r2')));
      const before = await counts();
      const result = await t.app.get(RetireePurgeService).purgeDue();
      expect(result).toMatchObject({ employees: 1, records: 2 });
      expect(
        await rowsOf(t, 'SELECT id FROM personal_number_documents WHERE record_id IN (?, ?)', [
          retired,
          family,
        ]),
      ).toEqual([]);
      const after = await counts();
      expect([before.documents - after.documents, before.chunks - after.chunks]).toEqual([2, 2]);
    });
  });

  it(`runs on ${testDatabaseKind}`, () => expect(['sqlite', 'mysql']).toContain(testDatabaseKind));
});
