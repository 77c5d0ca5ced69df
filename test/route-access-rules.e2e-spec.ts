import { createTestApp, type TestApp } from './support/test-app';
import { listRoutes } from './support/routes';
import { OperationAuditInterceptor } from '../src/audit/operation-audit.interceptor';

/** docs/architecture.md "secure by default": a route that forgets its decorators fails here, not in production. */
describe('every registered route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds the routes (so the checks below cannot pass vacuously)', () => {
    const paths = listRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /api/v1/users']),
    );
  });

  it('declares an access rule', () => {
    const missing = listRoutes(t.app)
      .filter((r) => !r.rule)
      .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`);
    expect(missing).toEqual([]);
  });

  it('names its screen for operation history unless it is public', () => {
    const missing = listRoutes(t.app)
      .filter((r) => r.rule?.kind !== 'public' && !r.screen)
      .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`);
    expect(missing).toEqual([]);
  });

  it('runs the operation-history interceptor first on every route with a screen, and on no other route', () => {
    const audit = t.app.get(OperationAuditInterceptor);
    const wrong = listRoutes(t.app)
      .filter((r) => (r.screen ? r.interceptors[0] !== audit : r.interceptors.includes(audit)))
      .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`);
    expect(wrong).toEqual([]);
    expect(listRoutes(t.app).filter((r) => r.interceptors.includes(audit)).length).toBeGreaterThan(100);
  });

  it('uses permission and manager rules only where an organization is in the path', () => {
    const misplaced = listRoutes(t.app)
      .filter(
        (r) => (r.rule?.kind === 'permission' || r.rule?.kind === 'manager') && !r.path.includes(':orgId'),
      )
      .map((r) => `${r.method} ${r.path}`);
    expect(misplaced).toEqual([]);
  });

  it('refuses a non-public route without a token, whatever the route', async () => {
    for (const route of listRoutes(t.app).filter((r) => r.rule?.kind !== 'public')) {
      const path = route.path.replace(/:[A-Za-z]+/g, '00000000-0000-7000-8000-000000000000');
      const res = await t.http[route.method.toLowerCase() as 'get'](path);
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });
});
