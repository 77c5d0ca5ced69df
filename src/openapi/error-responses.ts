import { HttpStatus } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit';
import { ACCESS_RULE, ALLOWED_DURING_PASSWORD_CHANGE, type AccessRule } from '@kanri/access/access-rule';
import { CONFIRM_KEY } from '@kanri/access/confirm.decorator';
import { CONFIRMED_UPLOAD_KEY } from '../auth/confirmation/confirmed-upload';
import { API_ERRORS, type DeclaredError } from './api-errors.decorator';
import type { RouteHandler } from './route-handlers';
import { ROUTE_ERRORS } from './route-errors';

export const ERROR_SCHEMA = 'Error';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or fails validation (details.fields names each field).',
  401: 'No valid access token, or the credentials are wrong.',
  403: 'The caller may not do this.',
  404: 'No such resource in reach of the caller.',
  409: 'The resource is in a state that forbids this, or a unique value is taken.',
  410: 'The link or token is no longer usable.',
  413: 'The request body is too large.',
  415: 'The uploaded file is of a type the route does not take (judged by its content).',
  422: 'The request is well-formed but breaks a business rule.',
  423: 'The account or feature is locked for a while.',
  429: 'Too many requests from this client; try again later.',
  503: 'The database cannot be reached, or the change kept conflicting with concurrent ones; try again shortly.',
};

/**
 * Every operation's error answers in the one SPEC shape (`{statusCode, code, message, details?}`), each status
 * with the codes the route can give. What every route of a kind gives is derived from the route's decorators
 * (validation, the access rule, path ids, the confirmation password, the sign-in rate limit); the rest is what
 * the route declares in ROUTE_ERRORS (route-errors.ts) or with `@ApiErrors`.
 */
export function declareErrorResponses(document: OpenAPIObject, handlers: Map<string, RouteHandler>): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_SCHEMA] = {
    type: 'object',
    description: 'The one error body Kanri answers with; `code` is stable and meant to be switched on.',
    required: ['statusCode', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer', minimum: 400, maximum: 599 },
      code: { type: 'string', enum: Object.values(ErrorCode) },
      message: { type: 'string', description: 'For people; never parse it.' },
      details: { type: 'object', additionalProperties: true },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const route = handlers.get(operation.operationId ?? '');
      if (!route) throw new Error(`OpenAPI: no route handler for ${method.toUpperCase()} ${path}`);
      const errors = errorsOf(route, path, operation);
      for (const [status, codes] of [...errors].sort(([a], [b]) => a - b)) {
        operation.responses[status] = errorResponse(status, [...codes].sort());
      }
    }
  }
}

function errorsOf(
  route: RouteHandler,
  path: string,
  operation: OperationObject,
): Map<number, Set<ErrorCode>> {
  const targets = [route.handler, route.controller];
  const meta = <T>(key: string): T | undefined =>
    targets.map((t) => Reflect.getMetadata(key, t) as T | undefined).find((v) => v !== undefined);
  const errors = new Map<number, Set<ErrorCode>>();
  const add = (status: number, ...codes: ErrorCode[]) => {
    const set = errors.get(status) ?? new Set<ErrorCode>();
    codes.forEach((c) => set.add(c));
    errors.set(status, set);
  };
  add(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, ErrorCode.MalformedRequest);
  if (operation.requestBody) add(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PayloadTooLarge);
  const rule = meta<AccessRule>(ACCESS_RULE);
  if (rule && rule.kind !== 'public') {
    add(HttpStatus.UNAUTHORIZED, ErrorCode.Unauthenticated);
    if (!meta<boolean>(ALLOWED_DURING_PASSWORD_CHANGE))
      add(HttpStatus.FORBIDDEN, ErrorCode.PasswordChangeRequired);
    if (rule.kind !== 'authenticated') add(HttpStatus.FORBIDDEN, ErrorCode.Forbidden);
  }
  if (/\{[^}]+\}/.test(path)) add(HttpStatus.NOT_FOUND, ErrorCode.NotFound);
  // Any route may find the database gone (a restart, a failover), or a write that kept losing to concurrent ones
  // on a cluster (retries exhausted); the error filter answers 503 with Retry-After then.
  add(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.DatabaseUnavailable, ErrorCode.TransactionConflict);
  // A confirmed upload checks the same answers as @Confirm, from its multipart fields.
  if (meta<boolean>(CONFIRM_KEY) || meta<boolean>(CONFIRMED_UPLOAD_KEY)) {
    add(
      HttpStatus.FORBIDDEN,
      ErrorCode.ConfirmationPasswordInvalid,
      ErrorCode.ConfirmationPasswordNotSet,
      ErrorCode.PasskeyStepUpRequired,
    );
    add(HttpStatus.LOCKED, ErrorCode.AccountLocked);
    // confirmWithOtp (src/auth/confirmation): the organization asks for a TOTP code with every confirmation.
    add(HttpStatus.BAD_REQUEST, ErrorCode.OtpRequired);
    add(HttpStatus.FORBIDDEN, ErrorCode.OtpInvalid, ErrorCode.TotpNotEnrolled);
    add(HttpStatus.LOCKED, ErrorCode.OtpLocked);
  }
  const guards = (Reflect.getMetadata(GUARDS_METADATA, route.handler) as unknown[] | undefined) ?? [];
  if (guards.includes(AuthRateLimitGuard)) add(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.TooManyRequests);
  for (const [status, codes] of Object.entries(ROUTE_ERRORS[operation.operationId ?? ''] ?? {})) {
    add(Number(status), ...(codes ?? []));
  }
  const declared = (Reflect.getMetadata(API_ERRORS, route.handler) as DeclaredError[] | undefined) ?? [];
  for (const declaration of declared) {
    add(declaration.status, ...declaration.codes);
  }
  return errors;
}

function errorResponse(status: number, codes: ErrorCode[]): ResponseObject {
  return {
    description: DESCRIPTIONS[status] ?? 'Error',
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: `#/components/schemas/${ERROR_SCHEMA}` },
            {
              type: 'object',
              properties: {
                statusCode: { type: 'integer', enum: [status] },
                code: { type: 'string', enum: codes },
              },
            },
          ],
        },
      },
    },
  };
}
