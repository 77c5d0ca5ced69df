import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from '@kanri/common/http/request-id.middleware';
import { toErrorBody } from '@kanri/common/http/all-exceptions.filter';
import {
  SCIM_CONTENT_TYPE,
  SCIM_ERROR_SCHEMA,
  ScimError,
  type ScimErrorBody,
  scimErrorOf,
} from './scim-error';

/**
 * The SCIM routes answer errors in SCIM's shape (RFC 7644 §3.12) instead of Kanri's: the clients are
 * provisioning engines that read `status`, `scimType` and `detail`. Everything else (status mapping, no SQL text,
 * 503 on a database outage) is Kanri's one mapping, `toErrorBody`.
 */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Scim');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const kanri = toErrorBody(exception);
    if (kanri.statusCode >= 500) {
      const error = exception as Error;
      this.logger.error(`${req.method} ${req.path} [${requestIdOf(req)}] ${error?.name}: ${error?.message}`);
    }
    const body: ScimErrorBody =
      exception instanceof ScimError
        ? {
            schemas: [SCIM_ERROR_SCHEMA],
            status: String(exception.status),
            ...(exception.scimType ? { scimType: exception.scimType } : {}),
            detail: exception.message,
          }
        : scimErrorOf(kanri);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // The audit trail records the Kanri code of a refusal, as for every other route.
    res.locals.auditErrorCode = kanri.code;
    if (body.status === '503') res.setHeader('Retry-After', '1');
    if (body.status === '401') res.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
    res.status(Number(body.status)).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}
