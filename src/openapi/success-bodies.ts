import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { RELATIONS, STATES } from '../personal-numbers/personal-number-fields';
import { CERTIFICATE_TYPES } from '../certificates/issuance/certificate-profiles';
import { REVOCATION_REASONS } from '../certificates/issuance/revocation-reasons';
import { FEE_METHODS, FEE_TABLE_KINDS, TRANSFER_PATTERNS } from '../fees/fee-types';

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

const relation: SchemaObject = { type: 'string', enum: [...RELATIONS] };
const recordState: SchemaObject = { type: 'string', enum: [...STATES] };
const stateCounts = object({ collected: count, notSubmitted: count, refused: count });

/** An individual-number record as lists and GET show it: the number masked (no digit), never the ciphertext. */
const numberRecord = withId({
  employeeCode: text,
  familyName: text,
  givenName: text,
  relation,
  state: recordState,
  maskedNumber: nullableText,
  groupId: { ...id, nullable: true },
  retiredOn: { type: 'string', format: 'date', nullable: true },
  createdAt: dateTime,
  updatedAt: dateTime,
});

/** マイナンバー入力状況確認: per employee, whether anything is left to collect. */
const inputStatusReport = object({
  summary: object({ employees: count, complete: count, incomplete: count, records: stateCounts }),
  items: {
    type: 'array',
    items: object({
      employeeCode: text,
      familyName: nullableText,
      givenName: nullableText,
      groupId: { ...id, nullable: true },
      retiredOn: { type: 'string', format: 'date', nullable: true },
      status: { type: 'string', enum: ['complete', 'incomplete'] },
      selfRecorded: { type: 'boolean' },
      counts: stateCounts,
      members: {
        type: 'array',
        items: withId({ relation, familyName: text, givenName: text, state: recordState }),
      },
    }),
  },
  total: count,
  page: { type: 'integer', minimum: 1 },
  perPage: { type: 'integer', minimum: 1 },
});

/** マイナンバー取扱記録: who handled whose record, when; never a number. */
const handlingLogEntry = withId({
  action: text,
  recordId: { ...id, nullable: true },
  employeeCode: nullableText,
  relation: nullableText,
  recordCount: count,
  operatorUserId: { ...id, nullable: true },
  operatorLoginId: nullableText,
  requestId: nullableText,
  occurredAt: dateTime,
});

const certificateStatus: SchemaObject = { type: 'string', enum: ['active', 'revoked', 'expired'] };

/** A certificate as lists and GET show it (no PEM: the file is downloaded, or read from the issuing answer). */
const certificate = withId({
  organizationId: id,
  type: { type: 'string', enum: [...CERTIFICATE_TYPES] },
  serialNumber: text,
  subject: text,
  commonName: text,
  dnsNames: { type: 'array', items: text },
  email: nullableText,
  domain: nullableText,
  holderUserId: { ...id, nullable: true },
  officerId: { ...id, nullable: true },
  requestedBy: { ...id, nullable: true },
  responsibleUserId: { ...id, nullable: true },
  keyAlgorithm: text,
  notBefore: dateTime,
  notAfter: dateTime,
  status: certificateStatus,
  revokedAt: nullableDateTime,
  // A nullable enum lists null among its values (OpenAPI 3.0: `nullable` does not widen an `enum`).
  revocationReason: { type: 'string', enum: [...REVOCATION_REASONS, null], nullable: true },
  revocationReasonCode: { type: 'integer', nullable: true },
  renewedFromId: { ...id, nullable: true },
  renewedById: { ...id, nullable: true },
  createdAt: dateTime,
});

/** The answer to 証明書発行 and 証明書更新: the certificate and the chain to install with it, PEM. */
const issuedCertificate: SchemaObject = {
  allOf: [certificate, object({ certificatePem: text, chainPem: text })],
};

/** 発行証明書統計照会: counts per domain, type and status, and the totals. */
const certificateStats = object({
  items: {
    type: 'array',
    items: object({
      domain: nullableText,
      type: { type: 'string', enum: [...CERTIFICATE_TYPES] },
      status: certificateStatus,
      count,
    }),
  },
  totals: object({ active: count, revoked: count, expired: count, all: count }),
});

const yen: SchemaObject = { type: 'integer', minimum: 0 };
const date: SchemaObject = { type: 'string', format: 'date' };
const feeMethod: SchemaObject = { type: 'string', enum: [...FEE_METHODS, null], nullable: true };

/** One band of a fee table: `to` exclusive, null for the open last band. */
const feeRow = object({
  from: yen,
  to: { type: 'integer', minimum: 0, nullable: true },
  pattern: { type: 'string', enum: [...TRANSFER_PATTERNS] },
  fee: yen,
});
const feeRows: SchemaObject = { type: 'array', items: feeRow, nullable: true };

/** 手数料情報: one of the organization's tables as it applies on a business date. */
const resolvedFeeTable = object({
  kind: { type: 'string', enum: [...FEE_TABLE_KINDS] },
  label: text,
  date,
  useStandard: { type: 'boolean' },
  method: feeMethod,
  minimumPaymentAmount: { ...yen, nullable: true },
  rows: feeRows,
  version: {
    ...object({
      id,
      revision: count,
      effectiveFrom: date,
      createdBy: { ...id, nullable: true },
      createdAt: dateTime,
    }),
    nullable: true,
  },
  standard: { ...object({ id, revision: count, effectiveFrom: date }), nullable: true },
});

/** 手数料照会: the four figures of a payment (fee-calculator.ts). */
const feeQuote = object({
  deductedFee: yen,
  transferAmount: { type: 'integer' },
  actualFee: yen,
  difference: { type: 'integer' },
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

/** A certificate application (証明書申請) as its routes answer it. */
const certificateApplication = withId({
  organizationId: id,
  kind: { type: 'string', enum: ['new', 'renewal'] },
  type: { type: 'string', enum: ['server', 'client', 'code_signing', 'smime'] },
  status: { type: 'string', enum: ['pending', 'approved', 'issued', 'rejected'] },
  keySource: { type: 'string', enum: ['csr', 'server', 'same'] },
  keyAlgorithm: nullableText,
  commonName: nullableText,
  dnsNames: { type: 'array', items: text },
  holderUserId: { ...id, nullable: true },
  renewalOfId: { ...id, nullable: true },
  validityDays: { type: 'integer', nullable: true },
  applicantId: id,
  decidedBy: { ...id, nullable: true },
  decidedAt: nullableDateTime,
  rejectionReason: nullableText,
  certificateId: { ...id, nullable: true },
  createdAt: dateTime,
});

/** WebAuthn options as @simplewebauthn/server builds them (PublicKeyCredential*OptionsJSON); handed to the browser. */
const WEBAUTHN_OPTION_FIELDS: Record<string, SchemaObject> = {
  challenge: text,
  timeout: { type: 'integer' },
  rp: { type: 'object', additionalProperties: true },
  user: { type: 'object', additionalProperties: true },
  pubKeyCredParams: { type: 'array', items: { type: 'object', additionalProperties: true } },
  rpId: text,
  allowCredentials: { type: 'array', items: { type: 'object', additionalProperties: true } },
};
const webAuthnOptions = (required: string[]): SchemaObject => ({
  type: 'object',
  required: ['challenge', ...required],
  properties: Object.fromEntries(
    ['challenge', 'timeout', ...required].map((k) => [k, WEBAUTHN_OPTION_FIELDS[k]]),
  ),
  additionalProperties: true,
});

type Body = { status: number; content: Record<string, { schema: SchemaObject }>; description?: string };

export const SUCCESS_BODIES: Record<string, Body> = {
  'passkeys.registrationOptions': {
    status: 200,
    content: json(webAuthnOptions(['rp', 'user', 'pubKeyCredParams'])),
  },
  'passkeys.signInOptions': { status: 200, content: json(webAuthnOptions(['rpId'])) },
  'passkeys.stepUpOptions': { status: 200, content: json(webAuthnOptions(['rpId', 'allowCredentials'])) },
  'auth.me': {
    status: 200,
    content: json(
      object({
        user,
        organization: { ...object({ id, name: text }), nullable: true },
        isManager: { type: 'boolean' },
        isSystemOperator: { type: 'boolean' },
        permissions: { type: 'array', items: text },
        passkeyStepUp: { type: 'boolean' },
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
  'system.live': { status: 200, content: json(object({ status: { type: 'string', enum: ['ok'] } })) },
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
  'certificates.list': { status: 200, content: json(page(certificate)) },
  'certificates.get': { status: 200, content: json(certificate) },
  'certificates.issue': { status: 201, content: json(issuedCertificate) },
  'certificates.renew': { status: 201, content: json(issuedCertificate) },
  // 登録担当者用証明書取得 and 更新: the officer's client certificate, answered as an issuance is.
  'enrolment.enrol': { status: 201, content: json(issuedCertificate) },
  'enrolment.renew': { status: 201, content: json(issuedCertificate) },
  'certificates.revoke': { status: 200, content: json(certificate) },
  'certificates.stats': { status: 200, content: json(certificateStats) },
  'domains.register': { status: 201, content: json(withId({ domain: text, createdAt: dateTime })) },
  'domains.list': {
    status: 200,
    content: json(list(withId({ domain: text, createdAt: dateTime }))),
  },
  'users.startImport': { status: 202, content: json(object({ jobId: id })) },
  'standardFees.list': { status: 200, content: json(list(object({}))) },
  'organizationFees.versions': {
    status: 200,
    content: json(
      list(
        withId({
          revision: count,
          effectiveFrom: date,
          useStandard: { type: 'boolean' },
          method: feeMethod,
          minimumPaymentAmount: { ...yen, nullable: true },
          rows: feeRows,
          createdBy: { ...id, nullable: true },
          createdAt: dateTime,
        }),
      ),
    ),
  },
  'organizationFees.get': { status: 200, content: json(resolvedFeeTable) },
  'organizationFees.put': { status: 200, content: json(resolvedFeeTable) },
  'organizationFees.loadStandard': { status: 200, content: json(resolvedFeeTable) },
  'organizationFees.quote': { status: 200, content: json(feeQuote) },
  'outbox.list': { status: 200, content: json(list(withId())) },
  // The member's client certificates, and those a revocation ended, as the certificate routes show them.
  'userClientCertificates.list': { status: 200, content: json(list(certificate)) },
  'userClientCertificates.revoke': {
    status: 200,
    content: json(object({ revoked: { type: 'array', items: certificate } })),
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
  'personalNumbers.list': { status: 200, content: json(page(numberRecord)) },
  'personalNumbers.get': { status: 200, content: json(numberRecord) },
  'personalNumbers.create': { status: 201, content: json(numberRecord) },
  'personalNumbers.update': { status: 200, content: json(numberRecord) },
  'personalNumbers.reveal': {
    status: 200,
    content: json(
      object({ id, employeeCode: text, relation, familyName: text, givenName: text, number: text }),
    ),
  },
  'personalNumbers.import': {
    status: 200,
    content: json(object({ total: count, created: count, updated: count, unchanged: count })),
  },
  'personalNumbers.status': { status: 200, content: json(inputStatusReport) },
  'personalNumbers.log': { status: 200, content: json(page(handlingLogEntry)) },
  'personalNumbers.purge': {
    status: 200,
    content: json(object({ deletedEmployees: count, deletedRecords: count })),
  },
  'audit.export': { status: 200, content: csv },
  'users.export': { status: 200, content: csv },
  'payees.export': { status: 200, content: csv },
  'payees.exportZengin': { status: 200, content: file('application/octet-stream') },
  'payees.list': { status: 200, content: json(page(withId())) },
  'payees.import': { status: 200, content: json(object({ imported: count })) },
  'payees.importZengin': { status: 200, content: json(object({ imported: count })) },
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
  'certificateApplications.submit': { status: 201, content: json(certificateApplication) },
  'certificateApplications.submitRenewal': { status: 201, content: json(certificateApplication) },
  'certificateApplications.submitBulk': {
    status: 201,
    content: json(object({ created: count, items: { type: 'array', items: certificateApplication } })),
  },
  'certificateApplications.list': { status: 200, content: json(page(certificateApplication)) },
  'certificateApplications.get': { status: 200, content: json(certificateApplication) },
  'certificateApplications.approve': {
    status: 200,
    content: json(
      object({
        application: certificateApplication,
        certificate: { ...withId({ serialNumber: text, status: text }), nullable: true },
      }),
    ),
  },
  'certificateApplications.reject': { status: 200, content: json(certificateApplication) },
  'certificateApplications.collect': { status: 200, content: file('application/x-pkcs12') },
  'certificateResponsible.move': {
    status: 200,
    content: json(withId({ responsibleUserId: { ...id, nullable: true } })),
  },
  'requestBatches.lines': {
    status: 200,
    content: json(
      page(
        object({
          lineNo: { type: 'integer', minimum: 1 },
          bankCode: text,
          bankName: text,
          branchCode: text,
          branchName: text,
          accountType: { type: 'string', enum: ['ordinary', 'current', 'savings', 'other'] },
          accountNumber: text,
          payeeName: text,
          amount: count,
          customerCode1: text,
          customerCode2: text,
          pattern: { type: 'string', enum: ['same_branch', 'other_branch', 'other_bank'] },
          deductedFee: count,
          transferAmount: count,
          actualFee: count,
          feeDifference: { type: 'integer' },
        }),
      ),
    ),
  },
  'requestBatches.exportLines': { status: 200, content: csv },
  'requestBatches.zengin': { status: 200, content: file('application/octet-stream') },
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
  'scimTokens.list': {
    status: 200,
    content: json(
      object({ items: { type: 'array', items: scimToken }, max: { type: 'integer', minimum: 1 } }),
    ),
  },
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

// ご自身の操作履歴 (SPEC §13): the organization's pages and files, holding only the caller's rows.
SUCCESS_BODIES['myHistory.operations'] = SUCCESS_BODIES['audit.operations'];
SUCCESS_BODIES['myHistory.loginHistory'] = SUCCESS_BODIES['audit.loginHistory'];
SUCCESS_BODIES['myHistory.exportOperations'] = { status: 200, content: csv };
SUCCESS_BODIES['myHistory.exportLoginHistory'] = { status: 200, content: csv };

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
