import { randomBytes } from 'node:crypto';
import { type Constructor, dtoShape, fieldAccepts, type FieldShape } from './dto-shapes';

/**
 * A *valid* request body (or query) for a DTO, built from its validators, so that a sweep variant which breaks one
 * field is refused for that field alone, and one that carries an odd but legal value (unicode, injection-shaped
 * text) reaches the service and the database. Each field gets the first candidate its validators accept (judged
 * by class-validator itself, as the ValidationPipe does); candidates come from the field's allowed values, hints
 * in its name (loginId, email, kana, dates, ids…) and a generic list. A field no candidate satisfies is reported
 * in `unsatisfied`; the body is then invalid for that field and the route is swept at validation depth only.
 */

export interface SampleContext {
  /** The acting user's confirmation password (never a wrong one: wrong answers count toward the lockout). */
  confirmationPassword: string;
  /** A real id for an id-like field (`groupId`, `accountId`, `approverIds`, `managerUserIds`…), if one is known. */
  idFor(fieldName: string): string | undefined;
  /** A business date some weeks ahead (YYYY-MM-DD): valid for "today or later" rules. */
  futureDate: string;
  /** A PKCS#10 request for a registered domain, if the world has one. */
  csr?: string;
  /** A domain registered to the acting organization. */
  domain?: string;
}

let loginCounter = 0;
/** 6–12 half-width letters and digits with at least one of each (SPEC §3.1), unique per call. */
export function freshLoginId(): string {
  loginCounter += 1;
  return `p${loginCounter % 10}${randomBytes(5).toString('hex')}`;
}

const GENERIC_STRINGS = [
  'テスト',
  'Sweep1',
  'abc123',
  'Sweep value 1',
  '0001',
  '081',
  '1234567',
  '123456',
  'G01',
  'sweep.example.jp',
  'https://example.jp/',
  '1',
];
const GENERIC_NUMBERS = [1, 25, 10, 100, 1000, 30000, 0];

function stringCandidates(f: FieldShape, ctx: SampleContext): string[] {
  const n = f.name.toLowerCase();
  if (n === 'confirmationpassword') return [ctx.confirmationPassword];
  const list: string[] = [];
  if (f.allowed) list.push(...f.allowed.filter((v): v is string => typeof v === 'string'));
  if (/ids?$/.test(n)) {
    const id = ctx.idFor(f.name);
    if (id) list.push(id);
  }
  if (n.includes('loginid')) list.push(freshLoginId());
  if (n.includes('password')) list.push('Sweep-pass-1234', 'Sweep12');
  if (n.includes('email')) list.push('sweep@example.jp');
  if (n.includes('kana')) list.push('カンリ');
  if (n.includes('date') || /(from|to|on|until|at)$/.test(n)) list.push(ctx.futureDate);
  if (n.includes('ip')) list.push('192.0.2.10', '192.0.2.0/24');
  if (n.includes('csr') && ctx.csr) list.push(ctx.csr);
  if ((n.includes('domain') || n.includes('dnsname') || n.includes('commonname')) && ctx.domain)
    list.push(`www.${ctx.domain}`, ctx.domain);
  if (n.includes('code')) list.push('G01', '0001');
  list.push(...GENERIC_STRINGS, ctx.futureDate);
  return list;
}

function numberCandidates(f: FieldShape): number[] {
  const list: number[] = [];
  if (f.allowed) list.push(...f.allowed.filter((v): v is number => typeof v === 'number'));
  const min = f.constraints.min?.[0];
  if (typeof min === 'number') list.push(Math.max(min, 1), min);
  list.push(...GENERIC_NUMBERS);
  return list;
}

function looksNumeric(f: FieldShape): boolean {
  return (
    f.designType === 'Number' ||
    'isInt' in f.constraints ||
    'isNumber' in f.constraints ||
    'min' in f.constraints ||
    'max' in f.constraints ||
    'isPositive' in f.constraints
  );
}

function looksBoolean(f: FieldShape): boolean {
  return f.designType === 'Boolean' || 'isBoolean' in f.constraints;
}

/** Plain candidate values for one field, in preference order (query mode: as strings, as a URL carries them). */
async function candidates(f: FieldShape, ctx: SampleContext, query: boolean): Promise<unknown[]> {
  if (f.nested) {
    const nested = await buildValidBody(f.nested, ctx, { query });
    return f.isArray ? [[nested.body]] : [nested.body];
  }
  let scalars: unknown[];
  if (looksBoolean(f)) scalars = [true, false];
  else if (looksNumeric(f)) scalars = numberCandidates(f);
  else if (f.designType === 'Object' && !f.allowed && !('isString' in f.constraints) && !f.isArray) {
    scalars = [{}, ...stringCandidates(f, ctx), ...GENERIC_NUMBERS];
  } else scalars = stringCandidates(f, ctx);
  if (query) scalars = scalars.map((v) => (typeof v === 'object' ? v : String(v)));
  if (!f.isArray) return scalars;
  if (/ids$/i.test(f.name)) {
    const id = ctx.idFor(f.name);
    if (id) return [[id], []];
  }
  const eachShape: FieldShape = { ...f, constraints: f.eachConstraints, isArray: false };
  const elementCandidates = looksNumeric(eachShape)
    ? numberCandidates(eachShape)
    : stringCandidates(eachShape, ctx);
  return [...elementCandidates.map((v) => [query ? String(v) : v]), []];
}

export interface SampleBody {
  body: Record<string, unknown>;
  /** Fields for which no candidate passed the validators (the body is invalid there). */
  unsatisfied: string[];
}

/**
 * A body that passes the DTO's validators: required fields always; conditional ones (`@ValidateIf`) only when
 * leaving them out is refused (their condition depends on the others); optional ones (`@IsOptional`) when a
 * candidate fits, unless `requiredOnly` (a minimal body, for probes that must reach the access checks).
 */
/** Optional fields a minimal body still carries (see buildValidBody). */
const ALWAYS_SENT = ['confirmationPassword', 'csr'];

export async function buildValidBody(
  cls: Constructor,
  ctx: SampleContext,
  options: { query?: boolean; requiredOnly?: boolean } = {},
): Promise<SampleBody> {
  const body: Record<string, unknown> = {};
  const unsatisfied: string[] = [];
  for (const f of dtoShape(cls).fields) {
    const conditional = !f.required && !f.optional;
    // The confirmation and a CSR stay in a minimal body: the document leaves them optional (a passkey step-up may
    // replace the password; a generated key the CSR), yet a probe without either stops at validation, not access.
    if (f.optional && options.requiredOnly && !ALWAYS_SENT.includes(f.name)) continue;
    if (conditional && (await fieldAccepts(cls, f.name, undefined, body))) continue;
    let chosen: unknown = undefined;
    for (const value of await candidates(f, ctx, options.query ?? false)) {
      if (await fieldAccepts(cls, f.name, value, body)) {
        chosen = value;
        break;
      }
    }
    if (chosen !== undefined) body[f.name] = chosen;
    else if (f.required || conditional) unsatisfied.push(f.name);
  }
  return { body, unsatisfied };
}
