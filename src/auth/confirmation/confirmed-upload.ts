import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
  mixin,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import type { Principal } from '@kanri/access/actor';
import { requestOrigin } from '@kanri/access/request-origin';
import { SCREEN_KEY, type ScreenMetadata } from '@kanri/access/screen.decorator';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { AuditContextStore } from '../../audit/audit-context';
import { ConfirmationService } from './confirmation.service';

/**
 * The one way to pair an upload with the confirmation password (SPEC §3.1): a multipart body of one `file` and text
 * fields such as `confirmationPassword`. Multipart bodies are read after the guards, so `@Confirm()`'s global guard
 * cannot see the password; this interceptor reads the upload into memory (at most `maxBytes`, else 413
 * IMPORT_TOO_LARGE before the rest is read), then checks the password exactly as the guard would (the route's
 * @Screen names the login-history row if the answer locks the account), and only then lets the handler run.
 */
/** Marks a route whose multipart body carries the confirmation (the OpenAPI document lists the same refusals as @Confirm). */
export const CONFIRMED_UPLOAD_KEY = 'kanri:confirmed-upload';

export const ConfirmedUpload = (maxBytes: number) =>
  applyDecorators(
    SetMetadata(CONFIRMED_UPLOAD_KEY, true),
    UseInterceptors(confirmedUploadInterceptor(maxBytes)),
  );

function confirmedUploadInterceptor(maxBytes: number) {
  @Injectable()
  class ConfirmedUploadInterceptor implements NestInterceptor {
    private readonly upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024 },
    }).single('file');

    constructor(
      private readonly confirmation: ConfirmationService,
      private readonly reflector: Reflector,
      private readonly contexts: AuditContextStore,
    ) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = context.switchToHttp();
      const request = http.getRequest<Request>();
      await new Promise<void>((resolve, reject) => {
        this.upload(request, http.getResponse<Response>(), (error: unknown) =>
          error ? reject(toAppError(error, maxBytes)) : resolve(),
        );
      });
      const screen = this.reflector.getAllAndOverride<ScreenMetadata | undefined>(SCREEN_KEY, [
        context.getHandler(),
        context.getClass(),
      ]);
      const body = (request.body ?? {}) as Record<string, unknown>;
      // Outside the request's audit context: the operation's row must commit with the operation's own change, not
      // with the sign-in attempt slot this check commits (else a refused upload would also show as a success). A
      // guard's check runs before the context is armed; this one runs after, hence the explicit exit.
      await this.contexts.exit(() =>
        this.confirmation.verify(
          request.user as Principal,
          body,
          requestOrigin(request),
          screen?.screen ?? null,
        ),
      );
      return next.handle();
    }
  }
  return mixin(ConfirmedUploadInterceptor);
}

function toAppError(error: unknown, maxBytes: number): AppError {
  const code = (error as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') {
    return new AppError(
      ErrorCode.ImportTooLarge,
      HttpStatus.PAYLOAD_TOO_LARGE,
      'The file is too large to import',
      {
        maxBytes,
      },
    );
  }
  if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') {
    return AppError.validation({ file: ['send one CSV file in the multipart field "file"'] });
  }
  return new AppError(ErrorCode.MalformedRequest, HttpStatus.BAD_REQUEST, 'The upload could not be read');
}
