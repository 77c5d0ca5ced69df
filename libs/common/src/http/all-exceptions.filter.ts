import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import {
  TransactionConflictError,
  isDatabaseUnavailableError,
  isDuplicateKeyError,
  isRetryableTransactionError,
} from '../database/database-errors';
import { requestIdOf } from './request-id.middleware';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.MalformedRequest,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.Unauthenticated,
  [HttpStatus.FORBIDDEN]: ErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: ErrorCode.NotFound,
  [HttpStatus.CONFLICT]: ErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PayloadTooLarge,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.TooManyRequests,
};

/**
 * Turns anything thrown into the one SPEC error body. Framework errors keep their status but get a stable code;
 * body-parser failures (bad JSON, oversized bodies) arrive as plain errors with `status`/`type` and are mapped here;
 * database errors never show SQL text. Unexpected errors are logged with the request id, and answer a bare 500.
 */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof AppError) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : exception.message;
    return {
      statusCode: status,
      code: STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.InternalError : ErrorCode.MalformedRequest),
      message,
    };
  }
  const bodyParserError = exception as { type?: string; status?: number };
  if (bodyParserError?.type === 'entity.parse.failed') {
    return {
      statusCode: 400,
      code: ErrorCode.MalformedRequest,
      message: 'The request body is not valid JSON',
    };
  }
  if (bodyParserError?.type === 'entity.too.large') {
    return { statusCode: 413, code: ErrorCode.PayloadTooLarge, message: 'The request body is too large' };
  }
  if (
    typeof bodyParserError?.status === 'number' &&
    bodyParserError.status >= 400 &&
    bodyParserError.status < 500
  ) {
    return {
      statusCode: bodyParserError.status,
      code: STATUS_CODES[bodyParserError.status] ?? ErrorCode.MalformedRequest,
      message: 'The request could not be read',
    };
  }
  if (isDuplicateKeyError(exception)) {
    return {
      statusCode: 409,
      code: ErrorCode.Conflict,
      message: 'A record with the same unique value already exists',
    };
  }
  if (exception instanceof TransactionConflictError || isRetryableTransactionError(exception)) {
    return {
      statusCode: 503,
      code: ErrorCode.TransactionConflict,
      message: 'The change conflicted with concurrent changes and was not made; try again shortly',
    };
  }
  if (isDatabaseUnavailableError(exception)) {
    return {
      statusCode: 503,
      code: ErrorCode.DatabaseUnavailable,
      message: 'The database is unavailable; try again shortly',
    };
  }
  return { statusCode: 500, code: ErrorCode.InternalError, message: 'Internal server error' };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      const error = exception as Error;
      // The message and stack are ours or the driver's; request bodies are never logged.
      this.logger.error(
        `${request.method} ${request.path} [${requestIdOf(request)}] ${error?.name}: ${error?.message}`,
        error?.stack,
      );
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (body.details === undefined) delete body.details;
    // Every 503 is transient (the database, or a transaction that kept conflicting): nothing changed, send it again.
    if (body.statusCode === 503) response.setHeader('Retry-After', '1');
    response.status(body.statusCode).json(body);
  }
}
