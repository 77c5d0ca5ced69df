import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';

/**
 * Largest accepted upload. 10,000 rows of the widest legal values stay below it; beyond it the file certainly
 * holds too much, answered like too many rows (413 IMPORT_TOO_LARGE) before it is read to the end.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a multipart upload (`file` plus text fields such as `confirmationPassword`) into memory, after the guards
 * have admitted the caller. Multer's own errors become Kanri error bodies.
 */
@Injectable()
export class CsvUploadInterceptor implements NestInterceptor {
  private readonly upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  }).single('file');

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) => {
      this.upload(http.getRequest<Request>(), http.getResponse<Response>(), (error: unknown) =>
        error ? reject(toAppError(error)) : resolve(),
      );
    });
    return next.handle();
  }
}

function toAppError(error: unknown): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') {
    return new AppError(
      ErrorCode.ImportTooLarge,
      HttpStatus.PAYLOAD_TOO_LARGE,
      'The file is too large to import',
      {
        maxBytes: MAX_IMPORT_BYTES,
      },
    );
  }
  if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') {
    return AppError.validation({ file: ['send one CSV file in the multipart field "file"'] });
  }
  return new AppError(ErrorCode.MalformedRequest, HttpStatus.BAD_REQUEST, 'The upload could not be read');
}
