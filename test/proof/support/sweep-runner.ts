import { randomBytes } from 'node:crypto';
import { businessDate } from '@kanri/common/clock/business-date';
import type { TestApp } from '../../support/test-app';
import { bigString, INJECTIONS, ONE_MB, UNICODE_EDGES } from './bad-values';
import { diffFingerprints, fingerprint, type Fingerprint } from './db-fingerprint';
import { specErrorShapeProblem } from './error-shape';
import {
  actorFor,
  DEFAULT_CONFIRMATION,
  relogin,
  resolvePathParam,
  sacrificialAccount,
  waitForJob,
  type ProofWorld,
  type Side,
} from './proof-world';
import type { CatalogRoute } from './route-catalog';
import { dtoShape } from './dto-shapes';
import { buildValidBody, type SampleContext } from './sample-values';
import {
  bodyFieldVariants,
  pathVariants,
  queryVariants,
  sampleVariants,
  wholeBodyVariants,
  type PayloadKind,
  type Variant,
} from './sweep-variants';

/**
 * Runs the bad-input sweep route by route and keeps the evidence: every answer classified, every failure named by
 * method, path, target and payload kind, and the database compared before and after.
 *
 * Database checks are batched for speed and exact where it matters: refused requests accumulate in a batch that
 * is compared with the last fingerprint before any request that may legitimately change data (and at the end of
 * the route); a batch that changed something is replayed one request at a time to name the culprit. A request
 * that was accepted (2xx) starts a new baseline.
 */

export interface SweepFailure {
  route: string;
  target: string;
  kind: PayloadKind | 'database' | 'harness';
  label: string;
  status: number;
  problem: string;
}

export interface RouteCoverage {
  route: string;
  actor: string;
  variants: number;
  /** 'service' when the valid base request passed the validators (odd values reached the service). */
  depth: 'service' | 'validation' | 'no-input';
  unresolved: string[];
  unsatisfied: string[];
  /** Wall time spent on the route, set-up included. */
  ms?: number;
}

export interface SweepReport {
  requests: number;
  /** Variants generated before sampling (equal to the variants sent when the sweep is exhaustive). */
  generated: number;
  /** Wrong secrets answered as such (they count toward a lockout by design, so their write is expected). */
  countedRefusals: number;
  reloginCauses: string[];
  /** Per payload kind; `ms` is the wall time spent on its requests, their database checks and jobs included. */
  byKind: Record<string, { sent: number; refused: number; accepted: number; ms: number }>;
  byStatus: Record<string, number>;
  failures: SweepFailure[];
  coverage: RouteCoverage[];
  relogins: number;
}

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

/** Targets that carry a secret the server checks (a wrong one counts toward a lockout). */
const SECRET_TARGET = /password|pin|otp|code|token|secret/i;

/**
 * Answers to a wrong secret, which by design write (the failure counter, a lockout, the end of sessions): SPEC
 * §3.1 (confirmation password), §3.2 (sign-in), §3.3 (one-time passwords), §7 (access PIN).
 */
const COUNTED_REFUSALS = new Set([
  'INVALID_CREDENTIALS',
  'CONFIRMATION_PASSWORD_INVALID',
  'ACCOUNT_LOCKED',
  'OTP_INVALID',
  'OTP_LOCKED',
  'ACCESS_PIN_INVALID',
  'ENROLMENT_VOID',
]);

const isMysql = (t: TestApp) =>
  t.dataSource.options.type === 'mysql' || t.dataSource.options.type === 'mariadb';

function buildQueryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export class SweepRunner {
  readonly report: SweepReport = {
    requests: 0,
    generated: 0,
    byKind: {},
    byStatus: {},
    failures: [],
    coverage: [],
    relogins: 0,
    countedRefusals: 0,
    reloginCauses: [],
  };
  private baseline!: Fingerprint;
  private pending: { variant: Variant; send: () => Promise<Answer> }[] = [];
  private current = '';

  /**
   * `sampleSeed`: send a seeded rotation of the near-identical probes (`sampleVariants`); undefined: send every
   * variant (the exhaustive sweep).
   */
  constructor(
    private readonly world: ProofWorld,
    private readonly sampleSeed?: number,
  ) {}

  private get t() {
    return this.world.t;
  }

  private fail(f: Omit<SweepFailure, 'route'>) {
    this.report.failures.push({ route: this.current, ...f });
  }

  async begin(): Promise<void> {
    this.baseline = await fingerprint(this.t.dataSource);
  }

  /** Compares the database with the baseline for the refused requests sent since; names culprits on a change. */
  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const now = await fingerprint(this.t.dataSource);
    const diff = diffFingerprints(this.baseline, now);
    if (!diff.length) return;
    this.baseline = now;
    // Replay one at a time to name the request that wrote (refused requests must be safe to repeat).
    let named = false;
    for (const item of batch) {
      await item.send();
      const after = await fingerprint(this.t.dataSource);
      const d = diffFingerprints(this.baseline, after);
      this.baseline = after;
      if (d.length) {
        named = true;
        this.fail({
          target: item.variant.target,
          kind: item.variant.kind,
          label: item.variant.label,
          status: 0,
          problem: `a refused request changed the database: ${d.join('; ')}`,
        });
      }
    }
    if (!named)
      this.fail({
        target: 'batch',
        kind: 'database',
        label: `${batch.length} requests`,
        status: 0,
        problem: `the database changed during refused requests (not reproduced one by one): ${diff.join('; ')}`,
      });
  }

  private tally(kind: string, status: number) {
    const k = (this.report.byKind[kind] ??= { sent: 0, refused: 0, accepted: 0, ms: 0 });
    k.sent += 1;
    if (status >= 400) k.refused += 1;
    else k.accepted += 1;
    const bucket = `${Math.floor(status / 100)}xx`;
    this.report.byStatus[bucket] = (this.report.byStatus[bucket] ?? 0) + 1;
    this.report.requests += 1;
  }

  /** Sweeps one route with every variant that applies to it. */
  async sweepRoute(route: CatalogRoute): Promise<void> {
    const { world, t } = this;
    const routeStarted = Date.now();
    this.current = `${route.method} ${route.path}`;
    const side: Side = 'A';
    const inOrg = route.path.includes(':orgId');
    // Who sends: the operator, A's manager (every permission), a throwaway account for self-service routes.
    let sacrificial =
      route.rule?.kind === 'authenticated' && !inOrg ? await sacrificialAccount(t) : undefined;
    // Creating that account (and its session) is the harness's own write: the baseline starts after it.
    if (sacrificial) this.baseline = await fingerprint(t.dataSource);
    const token = () => sacrificial?.token ?? actorFor(world, route, side);
    const actorName = sacrificial
      ? 'throwaway account'
      : route.rule?.kind === 'public'
        ? 'anonymous'
        : route.rule?.kind === 'operator'
          ? 'operator'
          : inOrg
            ? 'manager of A'
            : 'operator';

    const valid: Record<string, string> = {};
    const foreign: Record<string, string> = {};
    const unresolved: string[] = [];
    for (const p of route.pathParams) {
      const mine = await resolvePathParam(world, route, p, side, valid);
      valid[p] = mine.value;
      if (mine.via === 'unresolved') unresolved.push(p);
      if (inOrg && p !== 'orgId' && mine.via !== 'enum' && mine.via !== 'secret') {
        const theirs = await resolvePathParam(world, route, p, 'B', { ...foreign, orgId: world.B.orgId });
        if (theirs.via !== 'unresolved') foreign[p] = theirs.value;
      }
    }
    const A = world.A;
    const ctx: SampleContext = {
      confirmationPassword: DEFAULT_CONFIRMATION,
      futureDate: businessDate(new Date(t.clock.now().getTime() + 30 * 86_400_000), t.config.timeZone),
      domain: A.domain,
      csr: A.domain ? await world.csrFor(A.domain) : undefined,
      idFor: (field) => idForField(world, 'A', field),
    };
    const body = route.bodyClass ? await buildValidBody(route.bodyClass, ctx) : undefined;
    const query = route.queryClass ? await buildValidBody(route.queryClass, ctx, { query: true }) : undefined;

    const variants: Variant[] = [];
    for (const p of route.pathParams) variants.push(...pathVariants(p, foreign[p]));
    if (query && route.queryClass) variants.push(...(await queryVariants(route.queryClass, query.body)));
    if (body && route.bodyClass && !route.multipart) {
      variants.push(
        ...(await bodyFieldVariants(route.bodyClass, body.body, {
          foreignIdFor: (f) => idForField(world, 'B', f),
          confirm: route.confirm,
        })),
      );
      variants.push(
        ...wholeBodyVariants(
          body.body,
          dtoShape(route.bodyClass).fields.some((f) => f.required),
        ),
      );
    } else if (!route.multipart) {
      // Routes without a body DTO still parse JSON bodies: malformed and oversized ones must be refused.
      variants.push(
        ...wholeBodyVariants({}).filter((v) =>
          ['malformed-json', 'body-3MB', 'deep-nesting-5000'].includes(v.label),
        ),
      );
    }
    if (route.multipart) variants.push(...(await this.multipartVariants(route, valid, token)));
    const generated = variants.length;
    if (this.sampleSeed !== undefined)
      variants.splice(0, variants.length, ...sampleVariants(variants, this.sampleSeed, this.current));
    this.report.generated += generated;

    const coverage: RouteCoverage = {
      route: this.current,
      actor: actorName,
      variants: variants.length,
      depth:
        !route.bodyClass && !route.queryClass && !route.multipart
          ? 'no-input'
          : (body?.unsatisfied.length ?? 0) + (query?.unsatisfied.length ?? 0) === 0
            ? 'service'
            : 'validation',
      unresolved,
      unsatisfied: [...(body?.unsatisfied ?? []), ...(query?.unsatisfied ?? [])],
    };
    this.report.coverage.push(coverage);

    const send = async (v: Variant): Promise<Answer> => {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
        encodeURIComponent(v.path?.[name] ?? valid[name]),
      );
      const url = `${path}${buildQueryString(v.query ?? query?.body)}`;
      let req = t.http[route.method.toLowerCase() as 'get'](url);
      const tok = token();
      if (tok) req = req.set('Authorization', `Bearer ${tok}`);
      if (v.form) {
        for (const [k, val] of Object.entries(v.form.fields)) req = req.field(k, val);
        if (v.form.file) req = req.attach(v.form.file.name, v.form.file.content, v.form.file.filename);
      } else if (v.raw) {
        req = req.set('Content-Type', v.raw.contentType).send(v.raw.text);
      } else if (v.body !== undefined) {
        req = req.send(v.body as object);
      } else if (body && route.method !== 'GET') {
        req = req.send(body.body);
      }
      const res = await req.buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      const text = (res.body as Buffer).toString('utf8');
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: judged below */
      }
      return { status: res.status, body: parsed, text };
    };

    for (const v of variants) {
      const variantStarted = Date.now();
      // A request that may legitimately write — an odd but legal value, or a wrong secret, which counts toward a
      // lockout (SPEC §3.1, §3.2) — starts from a verified database, so its change is told apart.
      const mayWrite = !v.mustRefuse || SECRET_TARGET.test(v.target);
      if (mayWrite) await this.flush();
      let answer = await send(v);
      if (answer.status === 401 && route.rule?.kind !== 'public') {
        // The actor's session ended (an earlier accepted request or a lockout may do that): sign in again (a write
        // of its own, so the batch so far is verified first) and resend once.
        this.report.relogins += 1;
        this.report.reloginCauses.push(`${this.current} before ${v.target} ${v.label}`);
        await this.flush();
        if (sacrificial) sacrificial = await sacrificialAccount(t);
        else await this.reloginActors();
        this.baseline = await fingerprint(t.dataSource);
        answer = await send(v);
      }
      this.tally(v.kind, answer.status);
      const code = (answer.body as { code?: string } | undefined)?.code;
      const accepted = answer.status >= 200 && answer.status < 300;
      let jobRefused = false;
      if (accepted) {
        // Finish any job it started; a job that ends `failed` is the asynchronous form of a refusal (imports).
        const state = await this.settleJob(route, valid, answer, token());
        jobRefused = state === 'failed';
      }
      if (answer.status >= 500) {
        this.fail({
          target: v.target,
          kind: v.kind,
          label: v.label,
          status: answer.status,
          problem: answer.text.slice(0, 200),
        });
      } else if (answer.status >= 400) {
        const problem = specErrorShapeProblem(answer.status, answer.body, answer.text);
        if (problem)
          this.fail({ target: v.target, kind: v.kind, label: v.label, status: answer.status, problem });
      } else if (v.mustRefuse && !jobRefused && !this.normalized(v, answer)) {
        this.fail({
          target: v.target,
          kind: v.kind,
          label: v.label,
          status: answer.status,
          problem: `bad input accepted: ${answer.text.slice(0, 160)}`,
        });
      } else if (v.echo) {
        this.checkEcho(v, answer);
      }
      if (accepted || (code && COUNTED_REFUSALS.has(code))) {
        if (code && COUNTED_REFUSALS.has(code)) this.report.countedRefusals += 1;
        if (sacrificial && accepted) sacrificial = await sacrificialAccount(t);
        this.pending = [];
        this.baseline = await fingerprint(t.dataSource);
      } else {
        this.pending.push({ variant: v, send: () => send(v) });
      }
      this.report.byKind[v.kind].ms += Date.now() - variantStarted;
    }
    await this.flush();
    coverage.ms = Date.now() - routeStarted;
  }

  private echoed(v: Variant, answer: Answer): string | undefined {
    const b = answer.body as Record<string, unknown> | undefined;
    const got = v.echo && b && typeof b === 'object' ? b[v.echo.field] : undefined;
    return typeof got === 'string' ? got : undefined;
  }

  /** A formatted field that took an odd value by normalizing it (half-width カナ to full width): not a failure. */
  private normalized(v: Variant, answer: Answer): boolean {
    const got = this.echoed(v, answer);
    return got !== undefined && got !== v.echo!.value && got === v.echo!.value.normalize('NFKC');
  }

  /**
   * Stored text may come back transformed on purpose (a domain in punycode, a name trimmed); what must not happen
   * is mangling: replacement characters, characters silently dropped, or the text cut short.
   */
  private checkEcho(v: Variant, answer: Answer) {
    const got = this.echoed(v, answer);
    const sent = v.echo!.value;
    if (got === undefined || got === sent) return;
    const mangled =
      (got.includes('\uFFFD') && !sent.includes('\uFFFD')) ||
      (got.length < sent.length && sent.startsWith(got) && got.length > 0) ||
      got === sent.split(String.fromCharCode(0)).join('');
    if (mangled)
      this.fail({
        target: v.target,
        kind: v.kind,
        label: v.label,
        status: answer.status,
        problem: `stored text came back mangled: ${JSON.stringify(got).slice(0, 80)}`,
      });
  }

  /** A 202 `{jobId}` from a route with a `…/:jobId` status route: waits for the job to end; its final state. */
  private async settleJob(
    route: CatalogRoute,
    valid: Record<string, string>,
    answer: Answer,
    token?: string,
  ): Promise<string | undefined> {
    const jobId = (answer.body as { jobId?: string } | undefined)?.jobId;
    if (answer.status !== 202 || !jobId || !token) return undefined;
    const base = route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, n: string) => valid[n]);
    try {
      const view = (await waitForJob(this.t, `${base.replace(/^\/api\/v1/, '')}/${jobId}`, token)) as {
        state?: string;
      };
      return view?.state;
    } catch (e) {
      this.fail({ target: 'job', kind: 'harness', label: jobId, status: 202, problem: (e as Error).message });
      return undefined;
    }
  }

  private async reloginActors() {
    const { world, t } = this;
    for (const m of [world.A.manager, world.B.manager, world.A.general, world.B.general]) await relogin(t, m);
    const { operatorToken } = await import('../../support/org-factories');
    world.operator.token = await operatorToken(t, true);
  }

  /**
   * Multipart uploads (imports): the file missing, misnamed, empty, binary, too many rows, too large, an unknown
   * encoding; and a valid file (the export of the same list, as SPEC §4 promises it imports back) with one cell
   * replaced by each odd value. A bad file may also be refused asynchronously: 202, then the job ends `failed`.
   */
  private async multipartVariants(
    route: CatalogRoute,
    valid: Record<string, string>,
    token: () => string | undefined,
  ): Promise<Variant[]> {
    const base = route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, n: string) => valid[n]);
    const exportPath = base.replace(/\/import$/, '/export');
    let header = ['ログインID', '姓', '名'];
    const tok = token();
    if (exportPath !== base && tok) {
      const res = await this.t.http.get(exportPath).set('Authorization', `Bearer ${tok}`);
      if (res.status === 200)
        header = res.text
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/)[0]
          .split(',');
    }
    const cellMakers = header.map((h) => sampleCell(h));
    const sampleRow = () => cellMakers.map((make) => make());
    const csv = (rows: string[][]) =>
      Buffer.from(
        [header, ...rows]
          .map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
          .join('\r\n') + '\r\n',
        'utf8',
      );
    const file = (content: Buffer) => ({ name: 'file', content, filename: 'users.csv' });
    const conf = { confirmationPassword: DEFAULT_CONFIRMATION };
    const v = (
      kind: PayloadKind,
      target: string,
      label: string,
      mustRefuse: boolean,
      form: Variant['form'],
      query?: Record<string, unknown>,
    ): Variant => ({
      kind,
      target,
      label,
      mustRefuse,
      form,
      query,
    });
    const out: Variant[] = [
      v('missing', 'form.file', 'missing', true, { fields: conf }),
      v('missing', 'form.confirmationPassword', 'missing', true, {
        fields: {},
        file: file(csv([sampleRow()])),
      }),
      v('extra', 'form.file', 'wrong-field-name', true, {
        fields: conf,
        file: { ...file(csv([sampleRow()])), name: 'upload' },
      }),
      v('extra', 'form', 'unknown-field', true, {
        fields: { ...conf, unexpectedField: 'x' },
        file: file(csv([sampleRow()])),
      }),
      v('oversized', 'form.confirmationPassword', 'string-1MB', true, {
        fields: { confirmationPassword: 'x'.repeat(ONE_MB) },
        file: file(csv([sampleRow()])),
      }),
      v('not-an-object', 'form.file', 'empty', true, { fields: conf, file: file(Buffer.alloc(0)) }),
      v('not-an-object', 'form.file', 'binary', true, { fields: conf, file: file(randomBytes(64 * 1024)) }),
      v('not-an-object', 'form.file', 'header-only-other-columns', true, {
        fields: conf,
        file: file(Buffer.from('a,b,c\r\n1,2,3\r\n')),
      }),
      v('oversized', 'form.file', 'rows-10001', true, {
        fields: conf,
        file: file(csv(Array.from({ length: 10_001 }, () => sampleRow()))),
      }),
      v('oversized', 'form.file', 'file-65MB', true, {
        fields: conf,
        file: file(Buffer.alloc(65 * ONE_MB, 0x61)),
      }),
      v(
        'wrong-type',
        'query.encoding',
        'unknown-encoding',
        true,
        { fields: conf, file: file(csv([sampleRow()])) },
        { encoding: 'ebcdic' },
      ),
    ];
    for (let col = 0; col < header.length; col++) {
      const odd = [
        { kind: 'oversized' as const, label: 'cell-1MB', value: bigString() },
        ...UNICODE_EDGES.filter((u) =>
          ['NUL', 'emoji', 'RTL-override', 'full-width-alnum'].includes(u.label),
        ).map((u) => ({ kind: 'unicode' as const, ...u })),
        ...INJECTIONS.filter((i) => ['sql-quote', 'csv-formula', 'html-script'].includes(i.label)).map(
          (i) => ({ kind: 'injection' as const, ...i }),
        ),
      ];
      for (const o of odd) {
        const row = sampleRow();
        row[col] = o.value;
        // A cell's odd value may be legal (a name) or not (a date): 4xx, or 202 and the job decides.
        out.push(v(o.kind, `file.${header[col]}`, o.label, false, { fields: conf, file: file(csv([row])) }));
      }
    }
    return out;
  }
}

/** A plausible cell for an export column (login IDs fresh each time, so a valid row creates a new user). */
function sampleCell(header: string): () => string {
  return () => {
    if (/ログインID|loginId/i.test(header)) return `c${randomBytes(5).toString('hex')}`.slice(0, 11) + '1';
    if (/カナ/.test(header)) return 'テスト';
    if (/メール/.test(header)) return 'csv@example.jp';
    if (/姓|名|氏/.test(header)) return '試験';
    return '';
  };
}

/** An id of organization `side` for a body field (`groupId`, `accountId`, `approverIds`, `userIds`…). */
export function idForField(world: ProofWorld, side: Side, field: string): string | undefined {
  const org = world[side];
  const stem = field.replace(/Ids?$/, '').toLowerCase();
  switch (stem) {
    case 'manageruser':
    case 'manager':
      return org.manager.id;
    case 'approver':
      return org.approver.id;
    case 'user':
    case 'subjectuser':
    case 'member':
      return org.targets[1].id;
    case 'organization':
    case 'org':
      return org.orgId;
    default: {
      const hit = Object.entries(org.ids).find(([k]) => k.replace(/Id$/, '').toLowerCase() === stem);
      return hit?.[1];
    }
  }
}

export { isMysql };
