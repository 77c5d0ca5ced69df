import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response, Test } from 'supertest';
import { businessDate } from '@kanri/common/clock/business-date';
import { contractViolation } from '../support/openapi-contract';
import { operatorToken } from '../support/org-factories';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  type DocOperation,
  DocumentValues,
  type Known,
  type OpenApi,
  queryText,
  type Schema,
} from './support/document-requests';
import { specErrorShapeProblem } from './support/error-shape';
import { Prng } from './support/prng';
import {
  buildProofWorld,
  DEFAULT_CONFIRMATION,
  DEFAULT_PASSWORD,
  type ProofWorld,
  relogin,
  resolvePathParam,
  sacrificialAccount,
} from './support/proof-world';
import type { CatalogRoute } from './support/route-catalog';
import { say, writeReport } from './support/report';

/**
 * The fuzz drill: every operation of docs/api/openapi.json, driven by the document alone. For each, requests
 * whose every value the document admits (only the required fields, every field, a random choice) and requests
 * that break one rule the document states (a wrong type, a number or length out of range, a value off its
 * pattern, format or enum, a required field missing, a field it does not list), sent with real ids from the proof
 * world so that they reach validation. Holds: a valid request is never refused with 400; an invalid one is always
 * refused with 400 in the error shape; nothing answers 5xx; every answer is one the document lists for that
 * operation (status, media type, body schema). `FUZZ_SEED` replays a run; `PROOF_ROUTES=<regex>` narrows it.
 */

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];
const MAX_INVALID_PER_OPERATION = 12;
/**
 * Rules between fields, which an OpenAPI 3.0 schema cannot state (each field's description says it): a request
 * refused with VALIDATION_FAILED naming only these fields of the operation is counted apart, never silently.
 * Every other refusal of a valid-by-document request fails the drill.
 */
const CROSS_FIELD_RULES: Record<string, string[]> = {
  // Bands from 0, contiguous, the last one open (`to: null`); the methods the table's kind admits.
  'standardFees.create': ['rows'],
  'organizationFees.put': ['rows', 'method'],
  // payrollKind only (and always) for payroll.
  // ...and the payee: an entry of the register (payeeId), or an account typed in with its name.
  'approvalRequests.create': ['payrollKind', 'payee'],
  // A provisional user has an email and no password; any other user has a password.
  'users.create': ['password', 'email'],
  // Only users.manage takes a scope.
  'permissions.replace': ['permissions'],
  // Only a client certificate has a holder.
  'certificates.issue': ['subjectUserId'],
  // The kind decides the address: a webhook has an absolute URL (plain http to loopback only, outside production);
  // a syslog destination has a host and a port; a CA certificate only where TLS is on.
  'auditStreaming.create': ['url', 'host', 'port', 'tls', 'caCertificate'],
  'auditStreaming.update': ['url', 'host', 'port', 'tls', 'caCertificate'],
  'systemAuditStreaming.create': ['url', 'host', 'port', 'tls', 'caCertificate'],
  'systemAuditStreaming.update': ['url', 'host', 'port', 'tls', 'caCertificate'],
  // `to` not before `from`.
  'personalNumbers.log': ['to'],
  // Either a CSR or a keyAlgorithm for a key Kanri generates, never both.
  'certificateApplications.submit': ['csr', 'keyAlgorithm'],
  // payrollKind only (and always) for payroll; every line's names in the Zengin character set after the half-width
  // conversion (docs/api/zengin.md; a dakuten kana takes two characters there, so the length is checked after it).
  'requestBatches.create': ['payrollKind', 'lines'],
  'payees.create': ['nameKana'],
  'payees.update': ['nameKana'],
  // The organization's Zengin header: its names in the Zengin character set after the same conversion.
  'organizations.update': ['zenginRequester'],
};

/**
 * Rules between fields of every confirm operation: the confirmation password, or — in an organization that requires
 * the passkey step-up — the step-up token instead (so the document can require neither).
 */
const CONFIRMATION_FIELDS = ['confirmationPassword', 'stepUpToken', 'otp'];

/** The codes of validation (the document's schemas); any other 400 code is a business rule of the route. */
const VALIDATION_CODES = new Set(['VALIDATION_FAILED', 'MALFORMED_REQUEST']);

interface Variant {
  kind: 'valid' | 'invalid';
  label: string;
  query: Record<string, unknown>;
  body?:
    | { type: 'json'; value: unknown }
    | { type: 'multipart'; fields: Record<string, unknown> }
    | { type: 'binary'; mediaType: string };
}

interface Finding {
  operation: string;
  variant: string;
  status: number;
  detail: string;
}

describe('OpenAPI fuzz drill (driven by docs/api/openapi.json only)', () => {
  let t: TestApp;
  let world: ProofWorld;
  let doc: OpenApi;
  /** The account outside any organization that sends the routes about the caller; a new one once it is spent. */
  let own: Awaited<ReturnType<typeof sacrificialAccount>> | undefined;

  beforeAll(async () => {
    // The drill counts the answers the document does not describe itself, rather than stopping at the first.
    t = await createTestApp({ contract: false });
    world = await buildProofWorld(t);
    doc = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'docs', 'api', 'openapi.json'), 'utf8'),
    ) as OpenApi;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('valid-by-document requests are never refused with 400, invalid ones always are, never a 5xx', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261206);
    const rng = new Prng(seed);
    const values = new DocumentValues(doc, rng, businessDate(t.clock.now(), t.config.timeZone));
    const filter = process.env.PROOF_ROUTES ? new RegExp(process.env.PROOF_ROUTES) : null;
    const operations = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })))
      // The SCIM service answers in SCIM's own error shape (RFC 7644) and judges its bodies itself; its requests and
      // refusals are proved by test/scim-*.e2e-spec.ts under the same contract check.
      .filter(({ path }) => !path.startsWith('/scim/'))
      .filter(({ path, method }) => !filter || filter.test(`${method.toUpperCase()} ${path}`))
      .sort(
        (a, b) =>
          METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) || a.path.localeCompare(b.path),
      );
    const counts = {
      operations: operations.length,
      requests: 0,
      valid: 0,
      invalid: 0,
      serverErrors: 0,
      validRefused: 0,
      refusedByRule: 0,
      refusedCrossField: 0,
      invalidAccepted: 0,
      errorShape: 0,
      undocumented: 0,
      relogins: 0,
    };
    const findings: Record<string, Finding[]> = {
      crossField: [],
      serverErrors: [],
      validRefused: [],
      invalidAccepted: [],
      errorShape: [],
      undocumented: [],
    };
    const byStatus: Record<string, number> = {};
    const started = Date.now();

    for (const { path, method, op } of operations) {
      const actor = await actorFor(path, op);
      const url = await concretePath(path, op);
      const variants = [
        ...validVariants(values, rng, op, actor.known),
        ...invalidVariants(values, rng, op, actor.known),
      ];
      for (const variant of variants) {
        let res = await send(method, url, variant, actor.token());
        if (res.status === 403 && (res.body as { code?: string })?.code === 'FORBIDDEN' && actor.escalate())
          res = await send(method, url, variant, actor.token());
        if (
          res.status === 401 &&
          actor.token() &&
          (res.body as { code?: string })?.code === 'UNAUTHENTICATED'
        ) {
          // An accepted request may end the session it came with (logout, a password change): sign in again.
          counts.relogins++;
          await actor.renew();
          res = await send(method, url, variant, actor.token());
        }
        counts.requests++;
        counts[variant.kind]++;
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        const finding = (detail: string): Finding => ({
          operation: op.operationId,
          variant: `${variant.kind} ${variant.label}`,
          status: res.status,
          detail: detail.slice(0, 300),
        });
        const body = JSON.stringify(res.body ?? res.text ?? '');
        if (res.status >= 500) {
          counts.serverErrors++;
          findings.serverErrors.push(finding(body));
        }
        const code = (res.body as { code?: string } | undefined)?.code ?? '';
        if (variant.kind === 'valid' && res.status === 400 && !VALIDATION_CODES.has(code)) {
          // A business rule with its own 400 code (a link token that is not one, the password policy, a CSR that
          // is not PKCS#10): the value has the document's shape; the contract check holds the code to the list.
          counts.refusedByRule++;
        } else if (variant.kind === 'valid' && res.status === 400 && crossField(op.operationId, res.body)) {
          counts.refusedCrossField++;
          findings.crossField.push(finding(body));
        } else if (variant.kind === 'valid' && res.status === 400) {
          counts.validRefused++;
          findings.validRefused.push(finding(`${body} ← ${JSON.stringify(variant.body ?? variant.query)}`));
        }
        if (variant.kind === 'invalid') {
          if (res.status !== 400) {
            counts.invalidAccepted++;
            findings.invalidAccepted.push(
              finding(`${body} ← ${JSON.stringify(variant.body ?? variant.query)}`),
            );
          } else {
            const problem = specErrorShapeProblem(res.status, res.body, res.text);
            if (problem) {
              counts.errorShape++;
              findings.errorShape.push(finding(problem));
            }
          }
        }
        const violation = contractViolation(method, url, res);
        if (violation) {
          counts.undocumented++;
          findings.undocumented.push(finding(violation));
        }
      }
    }

    const seconds = (Date.now() - started) / 1000;
    const file = writeReport('openapi-fuzz', { seed, counts, byStatus, findings, seconds });
    say([
      `openapi fuzz drill (seed ${seed}): ${counts.operations} operations, ${counts.requests} requests (${counts.valid} valid, ${counts.invalid} invalid by the document) in ${seconds.toFixed(0)} s`,
      `  5xx: ${counts.serverErrors}; valid refused with 400: ${counts.validRefused} (apart: refused by a business rule's own documented 400 code ${counts.refusedByRule}, by a rule between fields ${counts.refusedCrossField}); invalid not refused with 400: ${counts.invalidAccepted}; error shape problems: ${counts.errorShape}; answers the document does not describe: ${counts.undocumented}`,
      `  answers by status ${JSON.stringify(byStatus)}; sessions renewed ${counts.relogins}; report ${file}`,
      ...Object.entries(findings).flatMap(([kind, list]) =>
        list.slice(0, 15).map((f) => `  ${kind}: ${f.operation} [${f.variant}] ${f.status} ${f.detail}`),
      ),
    ]);
    expect(counts.serverErrors).toBe(0);
    expect(counts.validRefused).toBe(0);
    expect(counts.invalidAccepted).toBe(0);
    expect(counts.errorShape).toBe(0);
    expect(counts.undocumented).toBe(0);
    expect(counts.operations).toBeGreaterThan(100);
  });

  /**
   * Who sends an operation's requests: nobody for an operation without security; for an organization's routes,
   * its manager; elsewhere a fresh account of its own (routes about the caller), or the operator when the
   * document's 403 says so (the fresh account is refused with FORBIDDEN).
   */
  async function actorFor(path: string, op: DocOperation) {
    const known: Known = { confirmationPassword: DEFAULT_CONFIRMATION, currentPassword: DEFAULT_PASSWORD };
    if (!op.security?.length)
      return { known, token: () => undefined, renew: async () => undefined, escalate: () => false };
    if (path.includes('{orgId}')) {
      const manager = world.A.manager;
      let operator = false;
      return {
        known,
        token: () => (operator ? world.operator.token : manager.token),
        renew: async () => {
          if (operator) world.operator.token = await operatorToken(t, true);
          else await relogin(t, manager);
        },
        /** An organization's route the operator alone may use (its plan). */
        escalate: () => !operator && (operator = true),
      };
    }
    own ??= await sacrificialAccount(t);
    let operator = false;
    return {
      known,
      token: () => (operator ? world.operator.token : own!.token),
      renew: async () => {
        if (operator) world.operator.token = await operatorToken(t, true);
        else own = await sacrificialAccount(t);
      },
      /** The route is the operator's: send as the operator from now on (once). */
      escalate: () => !operator && (operator = true),
    };
  }

  async function concretePath(path: string, op: DocOperation): Promise<string> {
    const route = {
      path: path.replace(/\{([^}]+)\}/g, ':$1'),
      pathEnums: Object.fromEntries(
        (op.parameters ?? [])
          .filter((p) => p.in === 'path' && p.schema?.enum)
          .map((p) => [p.name, p.schema!.enum!]),
      ),
    } as unknown as CatalogRoute;
    const chosen: Record<string, string> = {};
    for (const p of (op.parameters ?? []).filter((p) => p.in === 'path')) {
      chosen[p.name] = (await resolvePathParam(world, route, p.name, 'A', chosen)).value;
    }
    return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(chosen[name]));
  }

  function send(method: string, url: string, variant: Variant, token: string | undefined): Promise<Response> {
    let req: Test = (t.http as unknown as Record<string, (u: string) => Test>)[method](url);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    // Query values as OpenAPI's default (style form, explode) sends them: a list repeats its parameter.
    const query = Object.entries(variant.query).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map(
        (item) => `${encodeURIComponent(k)}=${encodeURIComponent(queryText(item))}`,
      ),
    );
    if (query.length) req = req.query(query.join('&'));
    const body = variant.body;
    if (body?.type === 'json') return req.send(body.value as object);
    if (body?.type === 'binary') return req.set('Content-Type', body.mediaType).send(randomBytes(48));
    if (body?.type === 'multipart') {
      for (const [name, value] of Object.entries(body.fields)) {
        req =
          value instanceof Buffer
            ? req.attach(name, value, `${name}.csv`)
            : req.field(name, typeof value === 'string' ? value : JSON.stringify(value));
      }
    }
    return req;
  }
});

/** A VALIDATION_FAILED answer whose every field is one of the operation's rules between fields. */
function crossField(operationId: string, body: unknown): boolean {
  const known = [...(CROSS_FIELD_RULES[operationId] ?? []), ...CONFIRMATION_FIELDS];
  const fields = (body as { code?: string; details?: { fields?: Record<string, unknown> } } | undefined)
    ?.details?.fields;
  if (!fields || (body as { code?: string }).code !== 'VALIDATION_FAILED') return false;
  return Object.keys(fields).every((f) => known.includes(f.split('.')[0]));
}

function querySchemas(op: DocOperation) {
  return (op.parameters ?? []).filter((p) => p.in === 'query');
}

function validQuery(
  values: DocumentValues,
  rng: Prng,
  op: DocOperation,
  fill: boolean | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of querySchemas(op)) {
    if (!p.required && !(fill ?? rng.next() < 0.5)) continue;
    out[p.name] = values.valid(p.schema, {}, fill);
  }
  return out;
}

function bodyOf(op: DocOperation): { mediaType: string; schema: Schema } | undefined {
  const content = op.requestBody?.content;
  if (!content) return undefined;
  const [mediaType, entry] = Object.entries(content)[0];
  return { mediaType, schema: entry.schema ?? {} };
}

function multipartFields(
  values: DocumentValues,
  rng: Prng,
  schema: Schema,
  known: Known,
  fill: boolean | undefined,
) {
  const s = values.resolve(schema);
  const fields: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    if (!s.required?.includes(name) && !(fill ?? rng.next() < 0.5)) continue;
    const p = values.resolve(property);
    fields[name] =
      p.format === 'binary'
        ? Buffer.from('fuzz,file\n1,2\n')
        : name in known
          ? known[name]
          : values.valid(p, known, fill);
  }
  return fields;
}

function validVariants(values: DocumentValues, rng: Prng, op: DocOperation, known: Known): Variant[] {
  const body = bodyOf(op);
  return (
    [
      ['required only', false],
      ['every field', true],
      ['random', undefined],
    ] as const
  ).map(([label, fill]) => {
    const variant: Variant = { kind: 'valid', label, query: validQuery(values, rng, op, fill) };
    if (body?.mediaType === 'application/json')
      variant.body = { type: 'json', value: values.valid(body.schema, known, fill) };
    else if (body?.mediaType === 'multipart/form-data')
      variant.body = { type: 'multipart', fields: multipartFields(values, rng, body.schema, known, fill) };
    else if (body) variant.body = { type: 'binary', mediaType: body.mediaType };
    return variant;
  });
}

function invalidVariants(values: DocumentValues, rng: Prng, op: DocOperation, known: Known): Variant[] {
  const out: Variant[] = [];
  const body = bodyOf(op);
  const baseQuery = () => validQuery(values, rng, op, false);
  for (const p of querySchemas(op)) {
    const s = values.resolve(p.schema);
    for (const wrong of values.wrong(s)) {
      // A query string carries text: a number's digits are a string's valid text, and one value is a list of one.
      if (wrong.rule === 'type' && (s.type === 'string' || s.type === 'array')) continue;
      out.push({
        kind: 'invalid',
        label: `query ${p.name} ${wrong.rule}`,
        query: { ...baseQuery(), [p.name]: wrong.value },
      });
    }
    if (p.required) {
      const query = baseQuery();
      delete query[p.name];
      out.push({ kind: 'invalid', label: `query ${p.name} missing`, query });
    }
  }
  if (body?.mediaType === 'application/json') {
    const s = values.resolve(body.schema);
    const base = () => values.valid(s, known, false) as Record<string, unknown>;
    if (op.requestBody?.required && s.required?.length)
      out.push({ kind: 'invalid', label: 'no body', query: baseQuery(), body: { type: 'json', value: {} } });
    if (s.additionalProperties === false)
      out.push({
        kind: 'invalid',
        label: 'unknown property',
        query: baseQuery(),
        body: { type: 'json', value: { ...base(), fuzzUnknown: 1 } },
      });
    for (const name of s.required ?? []) {
      const value = base();
      delete value[name];
      out.push({
        kind: 'invalid',
        label: `${name} missing`,
        query: baseQuery(),
        body: { type: 'json', value },
      });
    }
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      if (name in known) continue;
      const p = values.resolve(property);
      for (const wrong of values.wrong(p)) {
        out.push({
          kind: 'invalid',
          label: `${name} ${wrong.rule}`,
          query: baseQuery(),
          body: { type: 'json', value: { ...base(), [name]: wrong.value } },
        });
      }
      if (s.required?.includes(name) && p.nullable !== true && p.type) {
        out.push({
          kind: 'invalid',
          label: `${name} null`,
          query: baseQuery(),
          body: { type: 'json', value: { ...base(), [name]: null } },
        });
      }
    }
  }
  if (body?.mediaType === 'multipart/form-data') {
    const s = values.resolve(body.schema);
    const base = () => multipartFields(values, rng, s, known, false);
    if (s.additionalProperties === false)
      out.push({
        kind: 'invalid',
        label: 'unknown field',
        query: baseQuery(),
        body: { type: 'multipart', fields: { ...base(), fuzzUnknown: '1' } },
      });
    for (const name of s.required ?? []) {
      const fields = base();
      delete fields[name];
      out.push({
        kind: 'invalid',
        label: `${name} missing`,
        query: baseQuery(),
        body: { type: 'multipart', fields },
      });
    }
  }
  // A fair sample when an operation has many fields: the seed replays it.
  while (out.length > MAX_INVALID_PER_OPERATION) out.splice(rng.int(out.length), 1);
  return out;
}
