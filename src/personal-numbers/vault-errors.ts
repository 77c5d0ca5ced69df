import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { hasValidCheckDigit } from './check-digit';
import type { StateOutcome } from './record-policy';
import type { RecordState } from './personal-number-fields';

/** No error of the vault carries a number, in its message or its details. */

export function numberInvalid(): AppError {
  return AppError.unprocessable(
    ErrorCode.PersonalNumberInvalid,
    'The individual number is not valid: its check digit does not match',
  );
}

/** 422 PERSONAL_NUMBER_INVALID unless `number` (already 12 digits) carries its check digit. */
export function assertCheckDigit(number: string | null | undefined): void {
  if (typeof number === 'string' && !hasValidCheckDigit(number)) throw numberInvalid();
}

export function numberDuplicate(scope: 'employee' | 'self'): AppError {
  return new AppError(
    ErrorCode.PersonalNumberDuplicate,
    HttpStatus.CONFLICT,
    scope === 'employee'
      ? 'This number is already registered for this employee or one of their family members'
      : 'This number is already registered as another employee’s own number',
  );
}

export function relationTaken(relation: string): AppError {
  return new AppError(
    ErrorCode.PersonalNumberRelationTaken,
    HttpStatus.CONFLICT,
    `The employee already has a record with relation ${relation}`,
  );
}

export function notCollected(): AppError {
  return AppError.unprocessable(
    ErrorCode.PersonalNumberNotCollected,
    'No number is stored for this record (not submitted or refused)',
  );
}

export function stateOrThrow(outcome: StateOutcome): RecordState {
  if ('state' in outcome) return outcome.state;
  throw AppError.validation({ [outcome.field]: [outcome.message] });
}
