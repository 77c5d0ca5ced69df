import {
  bigMultibyteString,
  bigString,
  INJECTIONS,
  OBJECT_INJECTIONS,
  ONE_MB,
  PATH_VALUES,
  UNICODE_EDGES,
} from './bad-values';
import { type Constructor, dtoShape, fieldAccepts, type FieldShape } from './dto-shapes';

/**
 * The requests of the bad-input sweep for one route, as edits of a valid request (sample-values.ts): one field
 * missing, one extra, one of the wrong type, oversized, a Unicode edge, an injection shape, another
 * organization's id — and whole bodies that are not JSON objects at all.
 *
 * `mustRefuse` is true for everything that is bad input by construction, and for any odd value placed where the
 * validators constrain the form (enums, patterns, numbers, dates, e-mail addresses, ids): those must answer 4xx.
 * Whether a field is free text is decided by asking its own validators: one that accepts "テスト Value 1" takes
 * text, and a Unicode edge or an injection shape there is legal text — it may be stored (2xx) or refused (4xx),
 * never a 5xx, and if stored it must not come back mangled (checked by the runner).
 */

export type PayloadKind =
  'missing' | 'extra' | 'wrong-type' | 'oversized' | 'unicode' | 'injection' | 'foreign-id' | 'not-an-object';

export interface Variant {
  kind: PayloadKind;
  /** `body.payee.name`, `query.page`, `path.userId`, `body` */
  target: string;
  label: string;
  mustRefuse: boolean;
  /** Path parameter values replacing the valid ones. */
  path?: Record<string, string>;
  /** The JSON body (an object) or, with `raw`, the exact text sent. */
  body?: unknown;
  raw?: { text: string; contentType: string };
  query?: Record<string, unknown>;
  /** For multipart routes: the form fields and the file. */
  form?: { fields: Record<string, string>; file?: { name: string; content: Buffer; filename: string } };
  /** The top-level field and the value sent, to see how a stored value comes back. */
  echo?: { field: string; value: string };
}

type FieldPath = (string | number)[];

function setAt(base: unknown, path: FieldPath, value: unknown, remove = false): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

const label = (path: FieldPath) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .slice(1);

/** A field that names another record (`groupId`, `approverIds`), as opposed to `loginId`, which is text. */
export function isIdField(name: string): boolean {
  return /(^id$|[a-z]Ids?$)/.test(name) && !/^loginIds?$/i.test(name);
}

export const FREE_TEXT_PROBE = 'テスト Value 1';

/** Whether the field's own validators take ordinary text (names, notes, tags), judged by class-validator. */
export async function isFreeText(cls: Constructor, f: FieldShape): Promise<boolean> {
  if (isIdField(f.name) || f.nested || f.allowed) return false;
  return fieldAccepts(cls, f.name, f.isArray ? [FREE_TEXT_PROBE] : FREE_TEXT_PROBE);
}

function isNumeric(f: FieldShape) {
  return f.designType === 'Number' || 'isInt' in f.constraints || 'isNumber' in f.constraints;
}

function isBoolean(f: FieldShape) {
  return f.designType === 'Boolean' || 'isBoolean' in f.constraints;
}

function wrongTypes(f: FieldShape): { label: string; value: unknown; mustRefuse?: boolean }[] {
  const out: { label: string; value: unknown; mustRefuse?: boolean }[] = [];
  if (f.nested && f.isArray)
    out.push({ label: 'string-for-array', value: 'x' }, { label: 'object-for-array', value: {} });
  else if (f.nested)
    out.push({ label: 'string-for-object', value: 'x' }, { label: 'array-for-object', value: [] });
  else if (f.isArray)
    out.push(
      { label: 'string-for-array', value: 'x' },
      { label: 'object-for-array', value: { a: 1 } },
      { label: 'nested-array-element', value: [[[]]] },
      { label: 'object-element', value: [{ a: 1 }] },
    );
  else if (isNumeric(f))
    out.push(
      // A field that converts (`@Type(() => Number)`) takes "12" as 12: legal, if lenient.
      { label: 'string-for-number', value: '12', mustRefuse: !f.converts },
      { label: 'letters-for-number', value: 'twelve' },
      { label: 'boolean-for-number', value: true, mustRefuse: !f.converts },
      { label: 'array-for-number', value: [1] },
      { label: 'object-for-number', value: { n: 1 } },
    );
  else if (isBoolean(f))
    out.push(
      { label: 'string-for-boolean', value: 'true', mustRefuse: !f.converts },
      { label: 'number-for-boolean', value: 1, mustRefuse: !f.converts },
      { label: 'object-for-boolean', value: { b: true } },
    );
  else if (f.designType === 'Object' && !('isString' in f.constraints) && !f.allowed)
    out.push({ label: 'string-for-object', value: 'x' }, { label: 'array-for-object', value: [] });
  else
    out.push(
      { label: 'number-for-string', value: 12345 },
      { label: 'boolean-for-string', value: true },
      { label: 'array-for-string', value: ['a'] },
      ...OBJECT_INJECTIONS.map((o) => ({ label: o.label, value: o.value })),
    );
  if (f.required) out.push({ label: 'null', value: null });
  if (isNumeric(f)) {
    if ('isInt' in f.constraints) out.push({ label: 'fraction', value: 1.5 });
    const min = f.constraints.min?.[0];
    if (typeof min === 'number') out.push({ label: 'below-min', value: min - 1 });
    const max = f.constraints.max?.[0];
    if (typeof max === 'number') out.push({ label: 'above-max', value: max + 1 });
  }
  if (f.allowed)
    out.push({ label: 'not-allowed', value: typeof f.allowed[0] === 'number' ? 987654 : 'NOT_A_CHOICE' });
  return out;
}

function oversized(
  f: FieldShape,
  baseValue: unknown,
): { label: string; value: unknown; mustRefuse?: boolean }[] {
  if (f.isArray) {
    // Distinct elements: a de-duplicating DTO (属性) would rightly fold 10,000 equal ones into one.
    const element = Array.isArray(baseValue) && baseValue.length ? baseValue[0] : f.nested ? {} : 'x';
    const make =
      typeof element === 'string'
        ? (i: number) => `${element.slice(0, 20)}${i}`
        : JSON.stringify(element).length * 10_000 > 1.5 * ONE_MB
          ? () => ({})
          : () => structuredClone(element);
    return [{ label: 'array-10000', value: Array.from({ length: 10_000 }, (_, i) => make(i)) }];
  }
  if (f.nested) return [];
  if (isNumeric(f))
    // Without a maximum a huge number may be legal (a page far beyond the end answers an empty page).
    return [
      { label: 'huge-number', value: 1e308, mustRefuse: 'max' in f.constraints },
      { label: 'unsafe-integer', value: 2 ** 53 + 2, mustRefuse: 'max' in f.constraints },
    ];
  if (f.designType === 'Object' && !('isString' in f.constraints))
    return [
      {
        label: 'object-10000-keys',
        value: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])),
      },
    ];
  if (isBoolean(f)) return [];
  return [
    { label: 'string-1MB', value: bigString() },
    { label: 'multibyte-1MB', value: bigMultibyteString() },
  ];
}

export interface BodyVariantOptions {
  /** Ids from the other organization, by field name (for `foreign-id`). */
  foreignIdFor?: (fieldName: string) => string | undefined;
  /** The route is `@Confirm()`: its body's confirmation password is required by the confirmation check. */
  confirm?: boolean;
}

/** Field-level variants of a JSON body, recursing into nested DTOs. */
export async function bodyFieldVariants(
  cls: Constructor,
  base: Record<string, unknown>,
  options: BodyVariantOptions = {},
  prefix: FieldPath = [],
  root: Record<string, unknown> = base,
): Promise<Variant[]> {
  const out: Variant[] = [];
  const at = (path: FieldPath, value: unknown) => setAt(root, path, value);
  // Ids inside a filter (an export's search conditions) select rather than address: another organization's id
  // there finds nothing, which is a legal answer.
  const inFilter = prefix.some((p) => typeof p === 'string' && /filter|condition|query/i.test(p));
  for (const f of dtoShape(cls).fields) {
    const path = [...prefix, f.name];
    const target = `body.${label(path)}`;
    const current = base[f.name];
    const v = (kind: PayloadKind, lab: string, mustRefuse: boolean, body: unknown, echo?: Variant['echo']) =>
      out.push({ kind, target, label: lab, mustRefuse, body, echo });
    if (f.name === 'confirmationPassword') {
      // Only values that the confirmation check refuses without counting a wrong answer (confirmation.service.ts).
      // Left out, it is refused on a confirm route (the body's own, top level); elsewhere it is an account's
      // 確認用パスワード (POST /users, the first manager of POST /system/organizations), which its DTO may leave out.
      if ((options.confirm && prefix.length === 0) || f.required)
        v('missing', 'missing', true, setAt(root, path, undefined, true));
      v('wrong-type', 'number-for-string', true, at(path, 12345));
      v('oversized', 'string-1MB', true, at(path, bigString()));
      continue;
    }
    if (f.required && current !== undefined)
      v('missing', 'missing', true, setAt(root, path, undefined, true));
    for (const w of wrongTypes(f)) v('wrong-type', w.label, w.mustRefuse ?? true, at(path, w.value));
    for (const o of oversized(f, current)) v('oversized', o.label, o.mustRefuse ?? true, at(path, o.value));
    const stringy =
      !f.nested &&
      !isNumeric(f) &&
      !isBoolean(f) &&
      !(f.designType === 'Object' && !('isString' in f.constraints));
    if (stringy) {
      const free = await isFreeText(cls, f);
      const place = (value: string) => (f.isArray ? [value] : value);
      const echo = (value: string) =>
        !f.isArray && prefix.length === 0 ? { field: f.name, value } : undefined;
      for (const u of UNICODE_EDGES) v('unicode', u.label, !free, at(path, place(u.value)), echo(u.value));
      for (const i of INJECTIONS) v('injection', i.label, !free, at(path, place(i.value)), echo(i.value));
    }
    if (isIdField(f.name)) {
      const foreign = options.foreignIdFor?.(f.name);
      if (foreign)
        v('foreign-id', 'other-organization', !inFilter, at(path, f.isArray ? [foreign] : foreign));
    }
    if (f.nested && current && typeof current === 'object') {
      const nestedBase = (Array.isArray(current) ? current[0] : current) as Record<string, unknown>;
      if (nestedBase && typeof nestedBase === 'object') {
        const nestedPath = Array.isArray(current) ? [...path, 0] : path;
        out.push(...(await bodyFieldVariants(f.nested, nestedBase, options, nestedPath, root)));
        out.push({
          kind: 'extra',
          target: `body.${label(nestedPath)}`,
          label: 'unknown-nested-field',
          mustRefuse: true,
          body: at([...nestedPath, 'unexpectedField'], 'x'),
        });
      }
    }
  }
  return out;
}

/**
 * Variants that replace the whole body. An empty or non-JSON body amounts to `{}`: bad input only when the DTO has
 * a required field (`hasRequired`); a PATCH whose fields are all optional may take it as a no-op.
 */
export function wholeBodyVariants(base: Record<string, unknown>, hasRequired = true): Variant[] {
  const json = 'application/json';
  let deep = '1';
  for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
  const raw = (
    kind: PayloadKind,
    lab: string,
    mustRefuse: boolean,
    text: string,
    contentType = json,
  ): Variant => ({
    kind,
    target: 'body',
    label: lab,
    mustRefuse,
    raw: { text, contentType },
  });
  const withKey = (key: string) =>
    JSON.stringify(base).replace(/^\{/, `{"${key}":{"prototype":{"isManager":true},"isManager":true},`);
  return [
    {
      kind: 'extra',
      target: 'body',
      label: 'unknown-field',
      mustRefuse: true,
      body: { ...base, unexpectedField: 'x' },
    },
    raw('extra', 'proto-key', true, withKey('__proto__')),
    raw('extra', 'constructor-key', true, withKey('constructor')),
    raw('not-an-object', 'malformed-json', true, '{"a": '),
    raw('not-an-object', 'json-array', true, JSON.stringify([base])),
    raw('not-an-object', 'json-null', true, 'null'),
    raw('not-an-object', 'json-string', true, '"x"'),
    raw('not-an-object', 'empty', hasRequired, ''),
    raw('not-an-object', 'deep-nesting-5000', true, deep),
    raw('not-an-object', 'number-1e999', true, '1e999'),
    raw('oversized', 'body-3MB', true, JSON.stringify({ ...base, pad: 'x'.repeat(3 * ONE_MB) })),
    raw('not-an-object', 'text-plain', hasRequired, 'a=1', 'text/plain'),
    raw('not-an-object', 'form-urlencoded', hasRequired, 'a=1&b=2', 'application/x-www-form-urlencoded'),
  ];
}

/** Variants of a query DTO (values travel as strings; search conditions may legally match nothing). */
export async function queryVariants(cls: Constructor, base: Record<string, unknown>): Promise<Variant[]> {
  const out: Variant[] = [
    {
      kind: 'extra',
      target: 'query',
      label: 'unknown-param',
      mustRefuse: true,
      query: { ...base, unexpectedParam: 'x' },
    },
  ];
  for (const f of dtoShape(cls).fields) {
    const target = `query.${f.name}`;
    const numeric = isNumeric(f);
    const formatted =
      numeric ||
      !!f.allowed ||
      isBoolean(f) ||
      !(await fieldAccepts(cls, f.name, f.isArray ? [FREE_TEXT_PROBE] : FREE_TEXT_PROBE));
    const put = (value: unknown) => ({ ...base, [f.name]: value });
    const v = (kind: PayloadKind, lab: string, mustRefuse: boolean, query: Record<string, unknown>) =>
      out.push({ kind, target, label: lab, mustRefuse, query });
    if (numeric) {
      v('wrong-type', 'letters-for-number', true, put('abc'));
      v('wrong-type', 'fraction', 'isInt' in f.constraints, put('1.5'));
      v('oversized', 'huge-number', 'max' in f.constraints, put('9'.repeat(400)));
      const min = f.constraints.min?.[0];
      v('wrong-type', 'negative', typeof min === 'number' && min >= 0, put('-1'));
    }
    if (!f.isArray) v('wrong-type', 'repeated-param', formatted, put(['a', 'b']));
    v('oversized', 'string-8KB', formatted || 'maxLength' in f.constraints, put('x'.repeat(8192)));
    for (const u of UNICODE_EDGES.filter((x) => x.label !== 'lone-surrogate'))
      v('unicode', u.label, formatted, put(f.isArray ? [u.value] : u.value));
    for (const i of INJECTIONS) v('injection', i.label, formatted, put(f.isArray ? [i.value] : i.value));
  }
  return out;
}

/** Variants of one path parameter (the others keep their valid values). */
export function pathVariants(param: string, foreign?: string): Variant[] {
  const kindOf = (lab: string): PayloadKind =>
    lab === 'long-4k'
      ? 'oversized'
      : INJECTIONS.some((i) => i.label === lab)
        ? 'injection'
        : UNICODE_EDGES.some((u) => u.label === lab)
          ? 'unicode'
          : 'wrong-type';
  const out: Variant[] = PATH_VALUES.map((p) => ({
    kind: kindOf(p.label),
    target: `path.${param}`,
    label: p.label,
    mustRefuse: true,
    path: { [param]: p.value },
  }));
  if (foreign)
    out.push({
      kind: 'foreign-id',
      target: `path.${param}`,
      label: 'other-organization',
      mustRefuse: true,
      path: { [param]: foreign },
    });
  return out;
}

/**
 * Kinds whose values are many near-identical probes of one validation path (ten Unicode edges, nine injection
 * shapes, each sent to every field and path parameter). The sweep sends a seeded rotation of them, not all.
 */
export const SAMPLED_KINDS: readonly PayloadKind[] = ['unicode', 'injection'];

/** How many values of a sampled kind each target (a field, a query parameter, a path parameter) gets per run. */
export const SAMPLED_PER_TARGET = 3;

/** FNV-1a of a string mixed with the seed: a per-route rotation offset that replays from the seed. */
function offsetFor(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The seeded rotation of near-identical probes. For each sampled kind, the route's targets take turns through
 * the kind's values, starting at an offset drawn from `seed` and the route: every target gets
 * `SAMPLED_PER_TARGET` of them, and the route as a whole gets every value at least once (a target takes more
 * when the route has too few targets to go round). Every other kind is sent whole. The same seed picks the same
 * variants, so a failure replays with it.
 */
export function sampleVariants(variants: Variant[], seed: number, routeKey: string): Variant[] {
  const keep = new Set<Variant>(variants.filter((v) => !SAMPLED_KINDS.includes(v.kind)));
  for (const kind of SAMPLED_KINDS) {
    const byTarget = new Map<string, Map<string, Variant>>();
    const labels: string[] = [];
    for (const v of variants.filter((x) => x.kind === kind)) {
      if (!byTarget.has(v.target)) byTarget.set(v.target, new Map());
      byTarget.get(v.target)!.set(v.label, v);
      if (!labels.includes(v.label)) labels.push(v.label);
    }
    if (!labels.length) continue;
    const targets = [...byTarget.values()];
    const start = offsetFor(seed, `${routeKey} ${kind}`);
    let cursor = start % labels.length;
    // The targets take turns, each the next value of the rotation it has not sent yet.
    for (let round = 0; round < SAMPLED_PER_TARGET; round++)
      for (const values of targets)
        for (let step = 0; step < labels.length; step++) {
          const v = values.get(labels[(cursor + step) % labels.length]);
          if (!v || keep.has(v)) continue;
          keep.add(v);
          cursor = (cursor + step + 1) % labels.length;
          break;
        }
    // Then every value the rotation missed goes to one target of the route (which one turns with the seed).
    const sent = new Set([...keep].filter((v) => v.kind === kind).map((v) => v.label));
    for (const label of labels.filter((l) => !sent.has(l))) {
      const holders = targets.filter((values) => values.has(label));
      keep.add(holders[start % holders.length].get(label)!);
    }
  }
  // In the original order, so a route's report reads as before.
  return variants.filter((v) => keep.has(v));
}
