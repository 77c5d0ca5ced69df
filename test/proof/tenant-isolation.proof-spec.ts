import { businessDate } from '@kanri/common/clock/business-date';
import { createTestApp, type TestApp } from '../support/test-app';
import { brokenAuditChains } from './support/audit-chains';
import { diffFingerprints, fingerprint } from './support/db-fingerprint';
import { specErrorShapeProblem } from './support/error-shape';
import {
  buildProofWorld,
  DEFAULT_CONFIRMATION,
  resolvePathParam,
  type ProofWorld,
  type Side,
} from './support/proof-world';
import { buildCatalog, type CatalogRoute, type OpenApiDocument } from './support/route-catalog';
import { say, writeReport } from './support/report';
import { buildValidBody, type SampleContext } from './support/sample-values';
import { idForField } from './support/sweep-runner';

/**
 * Issue #10, tenant-isolation sweep (SPEC §0 "Tenancy", §1). Two organizations A and B, each with a manager holding
 * every permission and a general member holding none. For every organization route:
 *
 * 1. A's manager asks for B's organization path (`/organizations/B/…` with B's ids)      → 404 NOT_FOUND;
 * 2. A's manager asks in A's path for B's resource (`/organizations/A/…/<B's id>`)        → 404 NOT_FOUND;
 * 3. B's general member asks for B's resource on a route that needs a permission or the
 *    manager role                                                                          → 403 FORBIDDEN;
 *    on a route open to every member, anything but their own is refused (403 or 404),
 *    except the reads the spec gives every member (`MEMBER_READABLE`);
 * 4. outside organizations, B's general member aims at someone else's id (another user's
 *    session, an operator's record)                                                        → 403 or 404.
 *
 * Requests carry valid bodies (built from the DTOs for the organization whose ids they name), so a refusal comes
 * from the tenancy and permission checks, not from validation. The database is fingerprinted around every request
 * (audit trails excepted; they must still verify): a refused request changes nothing.
 */

/** Reads the spec gives every member of the organization, with why. */
const MEMBER_READABLE: Record<string, string> = {
  'GET /api/v1/organizations/:orgId': 'a member sees the organization they belong to',
  'GET /api/v1/organizations/:orgId/groups': 'the group tree is shown to every member',
  'GET /api/v1/organizations/:orgId/groups/:groupId': 'the group tree is shown to every member',
  'POST /api/v1/organizations/:orgId/fees/quote': 'a fee quote reads no one’s data (SPEC §6)',
};

interface Outcome {
  case: string;
  route: string;
  actor: string;
  status: number;
  expected: string;
  problem?: string;
}

describe('tenant-isolation sweep over every organization route', () => {
  let t: TestApp;
  let world: ProofWorld;
  let catalog: CatalogRoute[];
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    world = await buildProofWorld(t);
    catalog = buildCatalog(t.app, (await t.http.get('/api/docs-json')).body as OpenApiDocument);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function validBody(route: CatalogRoute, side: Side) {
    if (!route.bodyClass) return undefined;
    return (await buildValidBody(route.bodyClass, await sampleContext(side), { requiredOnly: true })).body;
  }

  /** The required query parameters of a route (a business type, say), so that validation does not answer first. */
  async function requiredQuery(route: CatalogRoute): Promise<Record<string, unknown> | undefined> {
    if (!route.queryClass) return undefined;
    const query = (
      await buildValidBody(route.queryClass, await sampleContext('A'), { query: true, requiredOnly: true })
    ).body;
    return Object.keys(query).length ? query : undefined;
  }

  async function sampleContext(side: Side): Promise<SampleContext> {
    const org = world[side];
    const ctx: SampleContext = {
      confirmationPassword: DEFAULT_CONFIRMATION,
      futureDate: businessDate(new Date(t.clock.now().getTime() + 30 * 86_400_000), t.config.timeZone),
      domain: org.domain,
      csr: org.domain ? await world.csrFor(org.domain) : undefined,
      idFor: (field) => idForField(world, side, field),
    };
    return ctx;
  }

  async function send(route: CatalogRoute, params: Record<string, string>, token: string, body: unknown) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, n: string) => encodeURIComponent(params[n]));
    let req = t.http[route.method.toLowerCase() as 'get'](path).set('Authorization', `Bearer ${token}`);
    const query = await requiredQuery(route);
    if (query) req = req.query(query);
    if (route.multipart) {
      // The form's own fields (an ID document's kind, say), then the confirmation where the upload asks for it.
      for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        if (name !== 'confirmationPassword') req = req.field(name, String(value));
      }
      if (route.confirmedUpload) req = req.field('confirmationPassword', DEFAULT_CONFIRMATION);
      req = req.attach('file', Buffer.from('a\r\n'), 'x.csv');
    } else if (body !== undefined) req = req.send(body as object);
    return req;
  }

  /** Sends one request, judges it, and proves the database did not move. */
  async function probe(
    caseName: string,
    route: CatalogRoute,
    actor: string,
    token: string,
    params: Record<string, string>,
    body: unknown,
    allowed: (status: number, code: unknown) => boolean,
    expected: string,
  ) {
    const before = await fingerprint(t.dataSource);
    const res = await send(route, params, token, body);
    const after = await fingerprint(t.dataSource);
    const outcome: Outcome = {
      case: caseName,
      route: `${route.method} ${route.path}`,
      actor,
      status: res.status,
      expected,
    };
    const shape = res.status >= 400 ? specErrorShapeProblem(res.status, res.body) : null;
    const diff = diffFingerprints(before, after);
    if (!allowed(res.status, (res.body as { code?: unknown }).code))
      outcome.problem = `answered ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
    else if (shape) outcome.problem = `error body: ${shape}`;
    else if (diff.length && res.status >= 400)
      outcome.problem = `refused but changed the database: ${diff.join('; ')}`;
    outcomes.push(outcome);
  }

  async function paramsFor(
    route: CatalogRoute,
    side: Side,
  ): Promise<{ values: Record<string, string>; unresolved: string[] }> {
    const values: Record<string, string> = {};
    const unresolved: string[] = [];
    for (const p of route.pathParams) {
      const r = await resolvePathParam(world, route, p, side, values);
      values[p] = r.value;
      if (r.via === 'unresolved') unresolved.push(p);
    }
    return { values, unresolved };
  }

  it('refuses every cross-organization and under-privileged request, and changes nothing', async () => {
    const unresolvedRoutes: string[] = [];
    const is404 = (s: number, code: unknown) => s === 404 && code === 'NOT_FOUND';
    for (const route of catalog.filter((r) => r.path.includes(':orgId'))) {
      const key = `${route.method} ${route.path}`;
      const b = await paramsFor(route, 'B');
      if (b.unresolved.length) unresolvedRoutes.push(`${key} (${b.unresolved.join(', ')})`);
      const bodyB = await validBody(route, 'B');

      // 1. A's manager, B's organization path.
      await probe(
        'other organization',
        route,
        'manager of A',
        world.A.manager.token,
        b.values,
        bodyB,
        is404,
        '404 NOT_FOUND',
      );

      // 2. A's manager, A's path, B's resource id (each id parameter in turn).
      const a = await paramsFor(route, 'A');
      const bodyA = await validBody(route, 'A');
      for (const p of route.pathParams.filter(
        (x) => x !== 'orgId' && !route.pathEnums[x] && !world.enums[x],
      )) {
        if (b.unresolved.includes(p)) continue;
        await probe(
          `B's ${p} in A's path`,
          route,
          'manager of A',
          world.A.manager.token,
          { ...a.values, [p]: b.values[p] },
          bodyA,
          is404,
          '404 NOT_FOUND',
        );
      }

      // 3. B's general member, B's resource.
      const rule = route.rule?.kind;
      if (rule === 'permission' || rule === 'manager') {
        await probe(
          'general member',
          route,
          'general member of B',
          world.B.general.token,
          b.values,
          bodyB,
          (s, code) => s === 403 && code === 'FORBIDDEN',
          '403 FORBIDDEN',
        );
      } else if (rule === 'authenticated') {
        const readable = MEMBER_READABLE[key];
        const isList = route.method === 'GET' && !/\/:[A-Za-z]+$/.test(route.path);
        await probe(
          'general member',
          route,
          'general member of B',
          world.B.general.token,
          b.values,
          bodyB,
          (s) => s === 403 || s === 404 || ((!!readable || isList) && s >= 200 && s < 300),
          readable
            ? `2xx (${readable})`
            : isList
              ? '2xx with only their own items, or 403/404'
              : '403 or 404',
        );
        if (isList && !readable) {
          // A list open to members shows a plain member nothing of anyone else's (B's request, certificate…).
          const res = await send(route, b.values, world.B.general.token, undefined);
          const leaked = Object.entries(world.B.ids).filter(
            ([name, id]) => name !== 'userId' && res.text.includes(id),
          );
          if (leaked.length)
            outcomes.push({
              case: 'general member list',
              route: key,
              actor: 'general member of B',
              status: res.status,
              expected: 'no one else’s items',
              problem: `shows ${leaked.map(([n]) => n).join(', ')}`,
            });
        }
      }
    }

    // 4. Outside organizations: routes with an id, aimed at someone else's record by B's general member.
    for (const route of catalog.filter(
      (r) => !r.path.includes(':orgId') && r.pathParams.length && r.rule?.kind !== 'public',
    )) {
      const p = await paramsFor(route, 'A');
      if (p.unresolved.length) {
        unresolvedRoutes.push(`${route.method} ${route.path} (${p.unresolved.join(', ')})`);
        continue;
      }
      const body = await validBody(route, 'A');
      await probe(
        'someone else’s record',
        route,
        'general member of B',
        world.B.general.token,
        p.values,
        body,
        (s) => s === 403 || s === 404,
        '403 or 404',
      );
    }

    const failures = outcomes.filter((o) => o.problem);
    const file = writeReport('tenant-isolation-sweep', { outcomes, unresolvedRoutes });
    say([
      `tenant-isolation sweep: ${outcomes.length} requests over ${new Set(outcomes.map((o) => o.route)).size} routes; failures ${failures.length} (details in ${file})`,
      ...Object.entries(
        outcomes.reduce<Record<string, number>>(
          (acc, o) => ({ ...acc, [`${o.case} → ${o.status}`]: (acc[`${o.case} → ${o.status}`] ?? 0) + 1 }),
          {},
        ),
      ).map(([k, n]) => `  ${k}: ${n}`),
      `  ids unresolved (probed with a random id only): ${unresolvedRoutes.join('; ') || 'none'}`,
      ...failures.map(
        (f) => `  ✗ [${f.case}] ${f.route} as ${f.actor}: expected ${f.expected}; ${f.problem}`,
      ),
    ]);
    expect(failures.map((f) => `[${f.case}] ${f.route}: ${f.problem}`)).toEqual([]);
    expect(unresolvedRoutes).toEqual([]);
  });

  it('left every audit chain verifiable', async () => {
    expect((await brokenAuditChains(t)).broken).toEqual([]);
  });
});
