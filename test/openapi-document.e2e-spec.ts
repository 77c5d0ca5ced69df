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
