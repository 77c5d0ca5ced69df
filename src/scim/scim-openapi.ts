import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { SCIM_CONTENT_TYPE, SCIM_ERROR_SCHEMA } from './scim-error';
import {
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  PATCH_OP_SCHEMA,
  SCIM_BASE_PATH,
  USER_SCHEMA,
} from './scim-schemas';

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` }) as SchemaObject;
const text: SchemaObject = { type: 'string' };
const meta: SchemaObject = {
  type: 'object',
  required: ['resourceType', 'location'],
  properties: {
    resourceType: text,
    created: { type: 'string', format: 'date-time' },
    lastModified: { type: 'string', format: 'date-time' },
    location: text,
    version: text,
  },
};

/** SCIM's own bodies (RFC 7643/7644); resources carry further attributes, so they stay open. */
const SCHEMAS: Record<string, SchemaObject> = {
  ScimError: {
    type: 'object',
    description: 'SCIM error (RFC 7644 §3.12). Kanri rules name their code at the start of `detail`.',
    required: ['schemas', 'status', 'detail'],
    properties: {
      schemas: { type: 'array', items: { type: 'string', enum: [SCIM_ERROR_SCHEMA] } },
      status: { type: 'string', pattern: '^[45][0-9][0-9]$' },
      scimType: {
        type: 'string',
        enum: [
          'invalidFilter',
          'tooMany',
          'uniqueness',
          'mutability',
          'invalidSyntax',
          'invalidPath',
          'noTarget',
          'invalidValue',
        ],
      },
      detail: text,
    },
  },
  ScimUser: {
    type: 'object',
    description: 'A member as a SCIM User (see docs/scim.md for the attribute mapping).',
    required: ['schemas', 'id', 'userName', 'name', 'displayName', 'active', 'groups', 'meta'],
    properties: {
      schemas: { type: 'array', items: text, minItems: 1 },
      id: { type: 'string', format: 'uuid' },
      userName: text,
      name: {
        type: 'object',
        required: ['familyName', 'givenName'],
        properties: { familyName: text, givenName: text, formatted: text },
      },
      displayName: text,
      active: { type: 'boolean' },
      emails: {
        type: 'array',
        items: {
          type: 'object',
          required: ['value', 'type'],
          properties: {
            value: text,
            type: { type: 'string', enum: ['work', 'other'] },
            primary: { type: 'boolean' },
          },
        },
      },
      phoneNumbers: {
        type: 'array',
        items: { type: 'object', required: ['value', 'type'], properties: { value: text, type: text } },
      },
      groups: {
        type: 'array',
        items: {
          type: 'object',
          required: ['value', 'display'],
          properties: { value: text, display: text, $ref: text, type: text },
        },
      },
      meta,
    },
  },
  ScimGroup: {
    type: 'object',
    description: 'An organization group (グループ) as a SCIM Group.',
    required: ['schemas', 'id', 'displayName', 'meta'],
    properties: {
      schemas: { type: 'array', items: { type: 'string', enum: [GROUP_SCHEMA] } },
      id: { type: 'string', format: 'uuid' },
      displayName: text,
      members: {
        type: 'array',
        items: {
          type: 'object',
          required: ['value'],
          properties: { value: text, display: text, $ref: text, type: text },
        },
      },
      meta,
    },
  },
  ScimListResponse: {
    type: 'object',
    required: ['schemas', 'totalResults', 'itemsPerPage', 'startIndex', 'Resources'],
    properties: {
      schemas: { type: 'array', items: { type: 'string', enum: [LIST_RESPONSE_SCHEMA] } },
      totalResults: { type: 'integer', minimum: 0 },
      itemsPerPage: { type: 'integer', minimum: 0 },
      startIndex: { type: 'integer', minimum: 1 },
      Resources: { type: 'array', items: { type: 'object', additionalProperties: true } },
    },
  },
  ScimResource: {
    type: 'object',
    description: `A SCIM resource (${USER_SCHEMA} or ${GROUP_SCHEMA}), as RFC 7643 describes it.`,
    required: ['schemas'],
    additionalProperties: true,
    properties: { schemas: { type: 'array', items: text } },
  },
  ScimPatchOp: {
    type: 'object',
    required: ['schemas', 'Operations'],
    properties: {
      schemas: { type: 'array', items: { type: 'string', enum: [PATCH_OP_SCHEMA] } },
      Operations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['op'],
          properties: {
            op: { type: 'string', description: 'add, replace or remove (any case)' },
            path: text,
            value: {
              description: 'A value, an object of attributes (no path), or a list of them',
              anyOf: [
                { type: 'string' },
                { type: 'boolean' },
                { type: 'number' },
                { type: 'object', additionalProperties: true },
                { type: 'array', items: { type: 'object', additionalProperties: true } },
              ],
            },
          },
        },
      },
    },
  },
};

const scimBody = (schema: SchemaObject) => ({ [SCIM_CONTENT_TYPE]: { schema } });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalidFilter, invalidSyntax, invalidPath, noTarget, invalidValue, or mutability (a Kanri rule: last manager, usage stop date)',
  401: 'No valid SCIM bearer token (absent, unknown or revoked)',
  404: "No such resource in the token's organization",
  409: 'uniqueness (login ID or group name taken) or tooMany (the plan user limit)',
  413: 'The request body is too large',
  503: 'The database is unavailable or the change kept conflicting; try again',
};

/** What each SCIM operation answers on success; the rest is derived from its method and path. */
const SUCCESS: Record<string, { status: number; schema?: SchemaObject; location?: boolean }> = {
  'scimUsers.list': { status: 200, schema: ref('ScimListResponse') },
  'scimUsers.get': { status: 200, schema: ref('ScimUser') },
  'scimUsers.create': { status: 201, schema: ref('ScimUser'), location: true },
  'scimUsers.replace': { status: 200, schema: ref('ScimUser') },
  'scimUsers.patch': { status: 200, schema: ref('ScimUser') },
  'scimUsers.remove': { status: 204 },
  'scimGroups.list': { status: 200, schema: ref('ScimListResponse') },
  'scimGroups.get': { status: 200, schema: ref('ScimGroup') },
  'scimGroups.create': { status: 201, schema: ref('ScimGroup'), location: true },
  'scimGroups.replace': { status: 200, schema: ref('ScimGroup') },
  'scimGroups.patch': { status: 204 },
  'scimGroups.remove': { status: 204 },
  'scimDiscovery.serviceProviderConfig': { status: 200, schema: ref('ScimResource') },
  'scimDiscovery.resourceTypes': { status: 200, schema: ref('ScimListResponse') },
  'scimDiscovery.resourceType': { status: 200, schema: ref('ScimResource') },
  'scimDiscovery.schemas': { status: 200, schema: ref('ScimListResponse') },
  'scimDiscovery.schema': { status: 200, schema: ref('ScimResource') },
};

const LIST_PARAMETERS: ParameterObject[] = [
  {
    name: 'filter',
    in: 'query',
    required: false,
    schema: text,
    description: '`userName eq "…"` (Users) or `displayName eq "…"` (Groups)',
  },
  { name: 'startIndex', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } },
  {
    name: 'count',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 0, default: 100, maximum: 500 },
  },
  {
    name: 'excludedAttributes',
    in: 'query',
    required: false,
    schema: text,
    description: '`members` (Groups)',
  },
];

/**
 * Documents the SCIM service (`/scim/v2`) in SCIM's terms, replacing what the generic steps derived for Kanri's own
 * API: `application/scim+json` bodies, SCIM error bodies, the bearer token, list parameters. The end-to-end contract
 * check holds the SCIM routes to this as to every other.
 */
export function declareScimOperations(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  Object.assign(document.components.schemas, SCHEMAS);
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(`/${SCIM_BASE_PATH}/`)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const success = SUCCESS[operation.operationId ?? ''];
      if (!success) throw new Error(`OpenAPI: no SCIM success body for ${operation.operationId}`);
      const hasId = /\{[^}]+\}/.test(path);
      const writes = method !== 'get' && method !== 'delete';
      const responses: Record<string, ResponseObject> = {};
      const ok: ResponseObject = { description: success.status === 204 ? 'Done' : 'OK' };
      if (success.schema) ok.content = scimBody(success.schema);
      if (success.location)
        ok.headers = { Location: { description: 'The new resource', schema: { type: 'string' } } };
      responses[success.status] = ok;
      const errors = [400, 401, 503];
      if (hasId) errors.push(404);
      if (writes || method === 'delete') errors.push(409);
      if (writes) errors.push(413);
      for (const status of errors.sort((a, b) => a - b)) {
        responses[status] = { description: ERROR_DESCRIPTIONS[status], content: scimBody(ref('ScimError')) };
      }
      operation.responses = responses;
      if (writes) {
        const schema = method === 'patch' ? ref('ScimPatchOp') : ref('ScimResource');
        operation.requestBody = {
          required: true,
          content: { [SCIM_CONTENT_TYPE]: { schema }, 'application/json': { schema } },
        };
      }
      const pathParameters = ((operation.parameters ?? []) as ParameterObject[]).filter(
        (p) => p.in === 'path',
      );
      operation.parameters =
        method === 'get' && !hasId && path.match(/\/(Users|Groups)$/)
          ? [...pathParameters, ...LIST_PARAMETERS]
          : pathParameters;
      operation.security = [{ bearer: [] }];
    }
  }
}
