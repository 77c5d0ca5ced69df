import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * docs/api/openapi.json is what the server serves (`npm run openapi` writes it from the build): a change to a
 * route or DTO that is not regenerated fails here, and so does a test-time compile that documents differently
 * from `nest build`.
 */
describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the committed docs/api/openapi.json', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const committed: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', 'docs', 'api', 'openapi.json'), 'utf8'),
    );
    expect(res.body).toEqual(committed);
  });
});

/**
 * The registration-officer answers are typed in the document (the console derives its types from them, so a
 * schema that says only "an object" would let the console drift from the server unnoticed).
 */
describe('OpenAPI document: registration-officer answers', () => {
  type Schema = {
    $ref?: string;
    allOf?: Schema[];
    properties?: Record<string, Schema>;
    items?: Schema;
    required?: string[];
  };
  type Doc = {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
    >;
    components: { schemas: Record<string, Schema> };
  };
  const doc = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'api', 'openapi.json'), 'utf8')) as Doc;
  // A reference is followed, and an `allOf` read as the one object its parts make together.
  const resolve = (s: Schema): Schema => {
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]);
    if (!s.allOf) return s;
    const parts = s.allOf.map(resolve);
    return {
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, Schema>,
      required: parts.flatMap((p) => p.required ?? []),
    };
  };
  const body = (path: string, method: string, status: string): Schema =>
    resolve(doc.paths[path][method].responses[status].content!['application/json'].schema);
  const fields = (s: Schema) => ({
    properties: Object.keys(s.properties ?? {}).sort(),
    required: [...(s.required ?? [])].sort(),
  });
  const officerFields = [
    'createdAt',
    'email',
    'id',
    'nameRomaji',
    'organizationId',
    'removedAt',
    'status',
    'userId',
  ];

  it('lists officers with every field of the row', () => {
    const list = body('/api/v1/registration-officers', 'get', '200');
    expect(fields(list)).toEqual({ properties: ['items'], required: ['items'] });
    const officer = resolve(list.properties!.items.items!);
    expect(fields(officer)).toEqual({ properties: officerFields, required: officerFields });
    expect(officer.properties!.status).toMatchObject({ enum: ['active', 'removed'] });
    expect(officer.properties!.removedAt).toMatchObject({ nullable: true });
  });

  it.each([
    ['/api/v1/registration-officers', 'post'],
    ['/api/v1/registration-officers/{officerId}/enrolments', 'post'],
  ])('%s %s answers the officer, the link and the access PIN', (path, method) => {
    const issued = body(path, method, '201');
    const top = ['accessPin', 'enrolment', 'officer'];
    expect(fields(issued)).toEqual({ properties: top, required: top });
    expect(fields(resolve(issued.properties!.officer))).toEqual({
      properties: officerFields,
      required: officerFields,
    });
    expect(fields(resolve(issued.properties!.enrolment))).toEqual({
      properties: ['expiresAt', 'id'],
      required: ['expiresAt', 'id'],
    });
  });

  it.each([
    ['/api/v1/enrolment/{token}', 'post'],
    ['/api/v1/officer-renewal', 'post'],
  ])('%s %s answers the certificate with its PEM and chain', (path, method) => {
    const certificate = body(path, method, '201');
    for (const name of [
      'id',
      'serialNumber',
      'commonName',
      'notAfter',
      'officerId',
      'certificatePem',
      'chainPem',
    ]) {
      expect(certificate.required).toContain(name);
      expect(certificate.properties).toHaveProperty(name);
    }
  });
});
