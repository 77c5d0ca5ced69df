import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-code';

export type ErrorDetails = Record<string, unknown>;

/**
 * The one error type that services throw. The exception filter turns it into the SPEC body
 * `{statusCode, code, message, details?}`. Never put secrets or SQL text in `message` or `details`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: HttpStatus,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what = 'Resource'): AppError {
    return new AppError(ErrorCode.NotFound, HttpStatus.NOT_FOUND, `${what} not found`);
  }

  static forbidden(message = 'You do not have permission for this operation'): AppError {
    return new AppError(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, message);
  }

  static conflict(message: string, details?: ErrorDetails): AppError {
    return new AppError(ErrorCode.Conflict, HttpStatus.CONFLICT, message, details);
  }

  static unprocessable(code: ErrorCode, message: string, details?: ErrorDetails): AppError {
    return new AppError(code, HttpStatus.UNPROCESSABLE_ENTITY, message, details);
  }

  static validation(fields: Record<string, string[]>): AppError {
    return new AppError(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, 'Validation failed', { fields });
  }
}
