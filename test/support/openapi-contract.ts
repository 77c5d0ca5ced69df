import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { isIpOrCidr } from '@kanri/common/validation/ip-or-cidr';

/**
 * Holds the server to its OpenAPI document (docs/api/openapi.json, which test/openapi-document.e2e-spec.ts
 * proves equal to the served one): every answer an end-to-end test receives must have a status the operation
 * lists and, for JSON, a body its schema accepts. `KANRI_CONTRACT_LOG=file` also writes each observation
 * (operation, status, error code) as a JSON line.
 */
interface Operation {
  id: string;
  pattern: RegExp;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

type Document = {
  paths: Record<string, Record<string, { operationId: string; responses: Operation['responses'] }>>;
  components: { schemas: Record<string, object> };
};

let loaded: { operations: Operation[]; ajv: Ajv; validators: Map<string, ValidateFunction> } | undefined;

function contract() {
  if (loaded) return loaded;
  const document = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'docs', 'api', 'openapi.json'), 'utf8'),
  ) as Document;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('ip-or-cidr', isIpOrCidr);
  ajv.addSchema({ $id: 'openapi', components: document.components });
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(item)) {
      operations.push({ id: op.operationId, pattern, method, responses: op.responses });
    }
  }
  // Literal segments first: /users/export before /users/{userId}.
  const literal = (o: Operation) => -o.pattern.source.split('[^/]+').length;
  operations.sort((a, b) => literal(b) - literal(a));
  loaded = { operations, ajv, validators: new Map() };
  return loaded;
}

/** Why the answer breaks the document, or null. */
export function contractViolation(
  method: string,
  url: string,
  res: Response,
  testOnly: readonly string[] = [],
): string | null {
  const path = new URL(url, 'http://x').pathname;
  if (!path.startsWith('/api/v1/') && !path.startsWith('/scim/v2/')) return null;
  const { operations } = contract();
  const operation = operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(path));
  const where = `${method.toUpperCase()} ${path}`;
  if (!operation) {
    // Routes a test mounts for itself (its `imports`) are not Kanri's and not in the document.
    if (res.status === 404 || testOnly.some((prefix) => path.startsWith(prefix))) return null;
    return `${where}: no operation in docs/api/openapi.json`;
  }
  const code = (res.body as { code?: unknown } | undefined)?.code;
  if (process.env.KANRI_CONTRACT_LOG) {
    appendFileSync(
      process.env.KANRI_CONTRACT_LOG,
      `${JSON.stringify({ op: operation.id, status: res.status, code: typeof code === 'string' ? code : undefined })}\n`,
    );
  }
  const violation = check(operation, where, res, code);
  if (violation && process.env.KANRI_CONTRACT_LOG) {
    const sample = res.type?.includes('json') ? JSON.stringify(res.body).slice(0, 800) : res.type;
    appendFileSync(
      process.env.KANRI_CONTRACT_LOG,
      `${JSON.stringify({ op: operation.id, violation, sample })}\n`,
    );
  }
  return violation;
}

function check(operation: Operation, where: string, res: Response, code: unknown): string | null {
  const { ajv, validators } = contract();
  const response = operation.responses[String(res.status)];
  if (!response) {
    return `${where} (${operation.id}): status ${res.status}${typeof code === 'string' ? ` ${code}` : ''} is not documented`;
  }
  if (!hasBody(res)) return null;
  // An answer with a body must be of a media type the document lists for that status, and a JSON one must
  // have a schema: a client generated from the document cannot read what it does not describe.
  const mediaType = (res.type || 'application/octet-stream').toLowerCase();
  const documented = Object.keys(response.content ?? {});
  if (!documented.some((m) => m.split(';')[0].trim().toLowerCase() === mediaType)) {
    return `${where} (${operation.id}) ${res.status}: media type ${mediaType} is not documented (${documented.join(', ') || 'no body documented'})`;
  }
  if (!mediaType.includes('json')) return null;
  const schema = Object.entries(response.content ?? {}).find(
    ([m]) => m.split(';')[0].trim().toLowerCase() === mediaType,
  )?.[1].schema;
  if (!schema) return `${where} (${operation.id}) ${res.status}: no schema documented for the JSON body`;
  const key = `${operation.id} ${res.status} ${mediaType}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rebase(schema) as object);
    validators.set(key, validate);
  }
  if (validate(jsonBody(res))) return null;
  return `${where} (${operation.id}) ${res.status}: body does not match the document: ${ajv.errorsText(validate.errors)}`;
}

/** The parsed body; a test that buffers the answer raw (a download route's error) gets the JSON parsed here. */
function jsonBody(res: Response): unknown {
  if (Buffer.isBuffer(res.body)) return JSON.parse(res.body.toString('utf8')) as unknown;
  if (typeof res.text === 'string' && res.body === undefined) return JSON.parse(res.text) as unknown;
  return res.body;
}

function hasBody(res: Response): boolean {
  if (res.status === 204 || res.status === 304) return false;
  const length = res.headers['content-length'] as string | undefined;
  if (length !== undefined) return Number(length) > 0;
  if (typeof res.text === 'string') return res.text.length > 0;
  return Buffer.isBuffer(res.body) ? res.body.length > 0 : res.body !== undefined;
}

/** `#/components/...` refers to the document, registered in Ajv as `openapi`. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? `openapi${v}` : rebase(v),
    ]),
  );
}
