import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * The success answers the scanner cannot see: handlers that return a service's plain object (no class to
 * reflect), and downloads written straight to the response. Each operation here gets its body's media type and
 * schema; the end-to-end contract check (test/support/openapi-contract.ts) holds the server to them.
 */

const id: SchemaObject = { type: 'string', format: 'uuid' };
const text: SchemaObject = { type: 'string' };
const nullableText: SchemaObject = { type: 'string', nullable: true };
const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
const nullableDateTime: SchemaObject = { type: 'string', format: 'date-time', nullable: true };
const count: SchemaObject = { type: 'integer', minimum: 0 };

/** An object with these properties, all required; further properties may follow. */
function object(properties: Record<string, SchemaObject>, optional: string[] = []): SchemaObject {
  return {
    type: 'object',
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}

/** `{items}`: a whole list. */
function list(item: SchemaObject): SchemaObject {
  return object({ items: { type: 'array', items: item } });
}

/** `{items, total, page, perPage}`: one page of a longer list. */
function page(item: SchemaObject): SchemaObject {
  return object({
    items: { type: 'array', items: item },
    total: count,
    page: { type: 'integer', minimum: 1 },
    perPage: { type: 'integer', minimum: 1 },
  });
}

const withId = (more: Record<string, SchemaObject> = {}): SchemaObject => object({ id, ...more });

const user = object({
  id,
  loginId: text,
  organizationId: { ...id, nullable: true },
  familyName: text,
  givenName: text,
  isManager: { type: 'boolean' },
  isSystemOperator: { type: 'boolean' },
  mustChangePassword: { type: 'boolean' },
  allowedIps: { type: 'array', items: text },
  status: object({
    provisional: { type: 'boolean' },
    disabled: { type: 'boolean' },
    locked: { type: 'boolean' },
    twoFactorEnabled: { type: 'boolean' },
  }),
});

const json = (schema: SchemaObject) => ({ 'application/json': { schema } });
const file = (...mediaTypes: string[]) =>
  Object.fromEntries(mediaTypes.map((m) => [m, { schema: { type: 'string', format: 'binary' } }]));
const csv = file('text/csv');

/** A SCIM token as its list shows it (the token itself only in the create answer). */
const scimTokenFields = { id, clientName: text, createdAt: dateTime, lastUsedAt: nullableDateTime };
const scimToken = object(scimTokenFields);

const chainProgress = object({ deliveredSequence: count, latestSequence: count });

/** An audit-stream destination as its routes answer it (the signing secret never appears here). */
const streamDestination = withId({
  organizationId: { ...id, nullable: true },
  name: text,
  kind: { type: 'string', enum: ['webhook', 'syslog'] },
  url: nullableText,
  host: nullableText,
  port: { type: 'integer', nullable: true },
  tls: { type: 'boolean' },
  caCertificate: nullableText,
  enabled: { type: 'boolean' },
  createdAt: dateTime,
  updatedAt: dateTime,
  delivery: object({
    operations: chainProgress,
    login: chainProgress,
    lastDeliveredAt: nullableDateTime,
    consecutiveFailures: count,
    nextAttemptAt: nullableDateTime,
    failingSince: nullableDateTime,
    lastError: nullableText,
    failing: { type: 'boolean' },
  }),
});
const streamSecret = object({ secret: text });

type Body = { status: number; content: Record<string, { schema: SchemaObject }>; description?: string };

export const SUCCESS_BODIES: Record<string, Body> = {
  'auth.me': {
    status: 200,
    content: json(
      object({
        user,
        organization: { ...object({ id, name: text }), nullable: true },
        isManager: { type: 'boolean' },
        isSystemOperator: { type: 'boolean' },
        permissions: { type: 'array', items: text },
      }),
    ),
  },
  'sessions.list': {
    status: 200,
    content: json(
      list(
        withId({
          createdAt: dateTime,
          lastSeenAt: nullableDateTime,
          expiresAt: dateTime,
          ip: nullableText,
          userAgent: nullableText,
          current: { type: 'boolean' },
        }),
      ),
    ),
  },
  'secondFactor.activate': {
    status: 200,
    content: json(object({ twoFactorEnabled: { type: 'boolean', enum: [true] } })),
  },
  'recovery.confirmIpChange': {
    status: 200,
    content: json(object({ allowedIps: { type: 'array', items: text } })),
  },
  'system.health': {
    status: 200,
    content: json(object({ status: { type: 'string', enum: ['ok'] }, database: text })),
  },
  'userAccounts.list': { status: 200, content: json(list(user)) },
  'organizations.list': {
    status: 200,
    content: json(
      page(
        withId({
          code: text,
          name: text,
          nameKana: nullableText,
          status: text,
          planUserLimit: { type: 'integer', nullable: true },
          memberCount: count,
          createdAt: dateTime,
        }),
      ),
    ),
  },
  'groups.list': {
    status: 200,
    content: json(
      list(
        withId({
          code: text,
          name: text,
          parentId: { ...id, nullable: true },
          createdAt: dateTime,
          updatedAt: dateTime,
        }),
      ),
    ),
  },
  'accounts.list': { status: 200, content: json(list(withId())) },
  'domains.list': {
    status: 200,
    content: json(list(withId({ domain: text, createdAt: dateTime }))),
  },
  'users.startImport': { status: 202, content: json(object({ jobId: id })) },
  'registrationOfficers.list': { status: 200, content: json(list(withId())) },
  'standardFees.list': { status: 200, content: json(list(object({}))) },
  'organizationFees.versions': { status: 200, content: json(list(object({}))) },
  'outbox.list': { status: 200, content: json(list(withId())) },
  'userClientCertificates.list': { status: 200, content: json(list(withId())) },
  'userClientCertificates.revoke': {
    status: 200,
    content: json(object({ revoked: { type: 'array', items: withId({ serialNumber: text }) } })),
  },
  'users.invite': { status: 202, content: json(object({ invited: { type: 'boolean', enum: [true] } })) },
  'invitations.accept': { status: 200, content: json(object({ loginId: text })) },
  'audit.operations': {
    status: 200,
    content: json(
      page(
        withId({
          seq: count,
          operation: text,
          operationLabel: text,
          screen: text,
          httpMethod: text,
          route: text,
          operatorLoginId: nullableText,
          department: nullableText,
          occurredAt: dateTime,
          durationMs: count,
          ip: nullableText,
          userAgent: nullableText,
          outcome: text,
          statusCode: { type: 'integer', nullable: true },
          errorCode: nullableText,
          details: nullableText,
        }),
      ),
    ),
  },
  'audit.loginHistory': {
    status: 200,
    content: json(
      page(
        withId({
          seq: { ...count, nullable: true },
          userId: text,
          action: text,
          actionLabel: text,
          occurredAt: dateTime,
          ip: nullableText,
          userAgent: nullableText,
          sessionSeconds: { type: 'integer', nullable: true },
        }),
      ),
    ),
  },
  'users.usageStopDates': {
    status: 200,
    content: json(
      page(
        withId({
          loginId: text,
          familyName: text,
          givenName: text,
          isManager: { type: 'boolean' },
          usageStopDate: { type: 'string', format: 'date', nullable: true },
        }),
      ),
    ),
  },
  'personalNumbers.list': { status: 200, content: json(page(withId())) },
  'personalNumbers.log': { status: 200, content: json(page(withId())) },
  'personalNumbers.purge': {
    status: 200,
    content: json(object({ deletedEmployees: count, deletedRecords: count })),
  },
  'audit.export': { status: 200, content: csv },
  'users.export': { status: 200, content: csv },
  'personalNumbers.export': { status: 200, content: csv },
  'certificates.export': { status: 200, content: file('text/tab-separated-values', 'text/csv') },
  'certificates.download': { status: 200, content: file('application/x-pem-file', 'application/pkix-cert') },
  'ca.chain': { status: 200, content: file('application/x-pem-file') },
  'ca.crlFile': { status: 200, content: file('application/pkix-crl', 'application/x-pem-file') },
  'caPublication.issuingCertificate': { status: 200, content: file('application/pkix-cert') },
  'caPublication.rootCertificate': { status: 200, content: file('application/pkix-cert') },
  'caPublication.rootCrlFile': {
    status: 200,
    content: file('application/pkix-crl', 'application/x-pem-file'),
  },
  'ocsp.post': { status: 200, content: file('application/ocsp-response') },
  'ocsp.get': { status: 200, content: file('application/ocsp-response') },
  'auditStreaming.list': { status: 200, content: json(list(streamDestination)) },
  'systemAuditStreaming.list': { status: 200, content: json(list(streamDestination)) },
  'auditStreaming.get': { status: 200, content: json(streamDestination) },
  'systemAuditStreaming.get': { status: 200, content: json(streamDestination) },
  'auditStreaming.update': { status: 200, content: json(streamDestination) },
  'systemAuditStreaming.update': { status: 200, content: json(streamDestination) },
  'auditStreaming.rotateSecret': { status: 200, content: json(streamSecret) },
  'systemAuditStreaming.rotateSecret': { status: 200, content: json(streamSecret) },
  'auditStreaming.create': {
    status: 201,
    content: json(object({ destination: streamDestination, secret: nullableText })),
  },
  'systemAuditStreaming.create': {
    status: 201,
    content: json(object({ destination: streamDestination, secret: nullableText })),
  },
  'auditStreaming.test': {
    status: 200,
    content: json(
      object({
        delivered: { type: 'boolean' },
        statusCode: { type: 'integer', nullable: true },
        error: nullableText,
      }),
    ),
  },
  'scimTokens.list': { status: 200, content: json(list(scimToken)) },
  'scimTokens.create': { status: 201, content: json(object({ ...scimTokenFields, token: text })) },
  'systemAuditStreaming.test': {
    status: 200,
    content: json(
      object({
        delivered: { type: 'boolean' },
        statusCode: { type: 'integer', nullable: true },
        error: nullableText,
      }),
    ),
  },
};

export function declareSuccessBodies(document: OpenAPIObject): void {
  const seen = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation: OperationObject | undefined = item[method];
      const body = SUCCESS_BODIES[operation?.operationId ?? ''];
      if (!operation || !body) continue;
      seen.add(operation.operationId!);
      const existing = operation.responses[body.status] as { description?: string } | undefined;
      operation.responses[body.status] = {
        description: body.description ?? existing?.description ?? '',
        content: body.content,
      };
    }
  }
  const stale = Object.keys(SUCCESS_BODIES).filter((k) => !seen.has(k));
  if (stale.length) throw new Error(`OpenAPI: success bodies for unknown operations: ${stale.join(', ')}`);
}
