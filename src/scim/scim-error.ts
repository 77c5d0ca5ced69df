import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { ErrorBody } from '@kanri/common/http/all-exceptions.filter';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_CONTENT_TYPE = 'application/scim+json';

/** RFC 7644 §3.12 `scimType` keywords Kanri answers with. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue';

/** The SCIM error body (RFC 7644 §3.12): `status` is a string there. */
export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/**
 * An error a SCIM service throws when the protocol itself is broken (bad filter, bad PATCH path, …). An AppError,
 * so the audit trail records its status and Kanri code like any other refusal.
 */
export class ScimError extends AppError {
  constructor(
    status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
    code: ErrorCode = status === 404 ? ErrorCode.NotFound : ErrorCode.ValidationFailed,
  ) {
    super(code, status, detail);
    this.name = 'ScimError';
  }

  static invalidValue(detail: string): ScimError {
    return new ScimError(400, 'invalidValue', detail);
  }
}

/**
 * Kanri's rules, in SCIM's words. The §2/§4 refusals keep their Kanri code at the front of `detail` so a
 * provisioning log says which rule held:
 * - a login ID (userName) taken: 409 `uniqueness` (RFC 7644 §3.3);
 * - the plan user limit (USER_LIMIT_REACHED): 409 `tooMany`, the one RFC keyword about a quantity. Not
 *   `uniqueness`, which Entra ID reads as "the user already exists" and tries to match;
 * - the last active manager (MANAGER_REQUIRED) and other state rules: 400 `mutability` ("not compatible with the
 *   target's current state", RFC 7644 Table 9);
 * - validation: 400 `invalidValue`.
 */
export function scimErrorOf(body: ErrorBody): ScimErrorBody {
  const fields = (body.details?.fields ?? null) as Record<string, string[]> | null;
  const reason = fields
    ? Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ')
    : body.message;
  const detail = `${body.code}: ${reason}`;
  const scim = (status: number, scimType?: ScimType): ScimErrorBody => ({
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  });
  switch (body.code) {
    case ErrorCode.Conflict:
      return scim(409, 'uniqueness');
    case ErrorCode.UserLimitReached:
      return scim(409, 'tooMany');
    case ErrorCode.ValidationFailed:
      return scim(400, 'invalidValue');
    case ErrorCode.MalformedRequest:
      return scim(400, 'invalidSyntax');
    default:
      if (body.statusCode === 422) return scim(400, 'mutability');
      return scim(body.statusCode);
  }
}
