import RandExp from 'randexp';
import type { Prng } from './prng';

/**
 * Requests built from the OpenAPI document alone (docs/api/openapi.json): values its schemas admit, and values
 * they refuse, one rule broken at a time. Nothing here knows Kanri's DTO classes; what a schema does not say,
 * the generator does not assume.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
  allOf?: Schema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface DocOperation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}

export interface OpenApi {
  paths: Record<string, Record<string, DocOperation>>;
  components: { schemas: Record<string, Schema> };
}

/** Values a generator must use for a field it cannot invent (the caller's own secrets), by property name. */
export type Known = Record<string, unknown>;

export class DocumentValues {
  private serial = 0;

  constructor(
    private readonly doc: OpenApi,
    private readonly rng: Prng,
    /** Today as YYYY-MM-DD, so that dates land near the server's clock. */
    private readonly today: string,
  ) {}

  resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let depth = 0; s.$ref && depth < 10; depth++) {
      s = this.doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
    }
    if (s.allOf) {
      const parts = s.allOf.map((p) => this.resolve(p));
      return {
        ...Object.assign({}, ...parts),
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
        required: parts.flatMap((p) => p.required ?? []),
      } as Schema;
    }
    return s;
  }

  /** A value the schema admits. `fill`: also the optional properties (else each with even odds). */
  valid(schema: Schema | undefined, known: Known = {}, fill?: boolean): unknown {
    const s = this.resolve(schema);
    if (s.enum?.length) return this.rng.pick(s.enum);
    switch (s.type) {
      case 'object':
      case undefined: {
        if (!s.properties) return s.type === 'object' ? {} : 'fuzz';
        const out: Record<string, unknown> = {};
        for (const [name, property] of Object.entries(s.properties)) {
          const required = s.required?.includes(name);
          if (!required && !(fill ?? this.rng.next() < 0.5)) continue;
          out[name] = name in known ? known[name] : this.valid(property, known, fill);
        }
        return out;
      }
      case 'string':
        return this.string(s);
      case 'integer':
      case 'number': {
        const min = s.minimum ?? (s.maximum !== undefined ? Math.min(0, s.maximum) : 0);
        const max = s.maximum ?? min + 1000;
        const span = Math.min(max - min, 1_000_000);
        const n = min + Math.floor(this.rng.next() * (span + 1));
        if (s.type === 'integer') return n;
        const withFraction = n + 0.5;
        return withFraction <= max ? withFraction : n;
      }
      case 'boolean':
        return this.rng.next() < 0.5;
      case 'array': {
        const min = s.minItems ?? 0;
        const max = Math.min(s.maxItems ?? min + 2, min + 2);
        const length = min + this.rng.int(max - min + 1);
        const items: unknown[] = [];
        for (let i = 0; i < length * 5 && items.length < length; i++) {
          const item = this.valid(s.items, known, fill);
          if (s.uniqueItems && items.some((x) => JSON.stringify(x) === JSON.stringify(item))) continue;
          items.push(item);
        }
        return items;
      }
      default:
        return null;
    }
  }

  private string(s: Schema): string {
    const min = s.minLength ?? 0;
    const max = s.maxLength ?? Math.max(min, 64);
    const fits = (v: string) =>
      [...v].length >= min && [...v].length <= max && (!s.pattern || new RegExp(s.pattern).test(v));
    const serial = ++this.serial;
    const candidates: (() => string)[] = [];
    switch (s.format) {
      case 'uuid':
        candidates.push(() => randomUuid(this.rng));
        break;
      case 'date':
        candidates.push(() => addDays(this.today, this.rng.int(60)));
        break;
      case 'date-time':
        candidates.push(() => new Date(`${addDays(this.today, this.rng.int(60))}T09:00:00Z`).toISOString());
        break;
      case 'email':
        candidates.push(() => `fuzz${serial}@example.jp`);
        break;
      case 'ip-or-cidr':
        candidates.push(() => `192.0.2.${this.rng.int(256)}`);
        candidates.push(() => `2001:db8::${this.rng.int(65536).toString(16)}/${64 + this.rng.int(65)}`);
        break;
      case 'binary':
        candidates.push(() => 'fuzz');
        break;
      case undefined:
      default:
        break;
    }
    if (s.pattern) {
      const generator = new RandExp(new RegExp(s.pattern));
      generator.randInt = (from: number, to: number) => from + this.rng.int(to - from + 1);
      generator.max = Math.max(1, Math.min(max, 8));
      candidates.push(() => generator.gen());
    }
    candidates.push(() => `fz${serial}`.padEnd(Math.max(min, 1), 'x').slice(0, max));
    for (const candidate of candidates) {
      for (let attempt = 0; attempt < 40; attempt++) {
        const v = candidate();
        if (fits(v)) return v;
      }
    }
    throw new Error(`no value found for string schema ${JSON.stringify(s)}`);
  }

  /**
   * Values that break the schema at `path` (a property of the body, or the parameter itself), each with what it
   * breaks: a wrong type, a number out of range, a string too long or short or off its pattern or format, a value
   * outside the enum.
   */
  wrong(schema: Schema | undefined): { rule: string; value: unknown }[] {
    const s = this.resolve(schema);
    const out: { rule: string; value: unknown }[] = [];
    switch (s.type) {
      case 'string':
        out.push({ rule: 'type', value: 12345 });
        if (s.enum) out.push({ rule: 'enum', value: 'not-one-of-them' });
        else if (s.maxLength !== undefined)
          out.push({ rule: 'maxLength', value: 'x'.repeat(s.maxLength + 1) });
        if (s.minLength && s.minLength > 0 && !s.enum) out.push({ rule: 'minLength', value: '' });
        if (s.format === 'uuid') out.push({ rule: 'format', value: 'not-a-uuid' });
        if (s.format === 'date') out.push({ rule: 'format', value: '2026-02-30' });
        if (s.format === 'email') out.push({ rule: 'format', value: 'not-an-address' });
        if (s.format === 'ip-or-cidr') out.push({ rule: 'format', value: '192.0.2.300' });
        if (s.pattern && !s.format && !s.enum) {
          const off = ['!', '\u0001', '０', '0', 'abc'].find(
            (v) => !new RegExp(s.pattern!).test(v) && (s.maxLength ?? 99) >= v.length,
          );
          if (off !== undefined) out.push({ rule: 'pattern', value: off });
        }
        break;
      case 'integer':
        out.push({ rule: 'type', value: 'abc' });
        out.push({ rule: 'integer', value: (s.minimum ?? 0) + 0.5 });
        if (s.maximum !== undefined) out.push({ rule: 'maximum', value: s.maximum + 1 });
        if (s.minimum !== undefined) out.push({ rule: 'minimum', value: s.minimum - 1 });
        break;
      case 'number':
        out.push({ rule: 'type', value: 'abc' });
        if (s.maximum !== undefined) out.push({ rule: 'maximum', value: s.maximum + 1 });
        if (s.minimum !== undefined) out.push({ rule: 'minimum', value: s.minimum - 1 });
        break;
      case 'boolean':
        out.push({ rule: 'type', value: 'yes' });
        break;
      case 'array':
        out.push({ rule: 'type', value: 'not-a-list' });
        // Past a few hundred items the body limit (413) answers first, whatever the schema says.
        if (s.maxItems !== undefined && s.maxItems < 200) {
          const item = this.valid(s.items, {}, true);
          out.push({
            rule: 'maxItems',
            value: Array.from({ length: s.maxItems + 1 }, () =>
              s.uniqueItems ? this.valid(s.items, {}, true) : item,
            ),
          });
        }
        if (s.minItems) out.push({ rule: 'minItems', value: [] });
        for (const wrong of this.wrong(s.items).filter((w) => w.rule !== 'type')) {
          out.push({ rule: `items ${wrong.rule}`, value: [wrong.value] });
        }
        break;
      case 'object':
        out.push({ rule: 'type', value: 'not-an-object' });
        break;
      case undefined:
      default:
        break;
    }
    return out;
  }
}

/** A query value as the URL carries it. */
export function queryText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function randomUuid(rng: Prng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${'89ab'[rng.int(4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
