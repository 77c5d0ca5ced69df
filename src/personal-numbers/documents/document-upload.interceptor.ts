import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { HttpStatus } from '@nestjs/common';
import { scrubNumberLike } from '../leak-guard/number-like';
import { MAX_DOCUMENT_BYTES, tooLarge } from './id-documents.service';

/**
 * Reads an ID-document upload (multipart: one `file` and the `kind` field) into memory after the guards have
 * passed, refusing more than MAX_DOCUMENT_BYTES with 413 DOCUMENT_TOO_LARGE before the rest is read. The text
 * fields arrive only now, after VaultInputMiddleware ran, so they are scrubbed of number-like values here the same
 * way (400, nothing recorded in clear). The file's name and Content-Type are ignored (document-content.ts).
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 4, fieldSize: 256 },
  }).single('file');

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    await new Promise<void>((resolve, reject) => {
      this.upload(request, http.getResponse<Response>(), (error: unknown) =>
        error ? reject(toAppError(error)) : resolve(),
      );
    });
    const found = scrubNumberLike(request.body, 'body');
    if (found.length)
      throw AppError.validation(
        Object.fromEntries(
          found.map((path) => [
            path.replace(/^body\./, ''),
            ['an individual number belongs in the number field only'],
          ]),
        ),
      );
    return next.handle();
  }
}

export const DocumentUpload = () => UseInterceptors(DocumentUploadInterceptor);

function toAppError(error: unknown): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') return tooLarge();
  if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT')
    return AppError.validation({ file: ['send one file in the multipart field "file"'] });
  if (code === 'LIMIT_FIELD_COUNT' || code === 'LIMIT_FIELD_VALUE' || code === 'LIMIT_FIELD_KEY')
    return AppError.validation({ kind: ['send only the field "kind" beside the file'] });
  return new AppError(ErrorCode.MalformedRequest, HttpStatus.BAD_REQUEST, 'The upload could not be read');
}
