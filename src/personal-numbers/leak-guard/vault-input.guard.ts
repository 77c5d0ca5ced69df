import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '@kanri/common/errors/app-error';
import { SCRUBBED_FIELDS } from './vault-input.middleware';

/**
 * Refuses a vault request in which VaultInputMiddleware found an individual number outside a `number` field:
 * 400 VALIDATION_FAILED naming the fields (`body.memo`, `query.q`), never their values.
 */
@Injectable()
export class VaultInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const found = (req as unknown as Record<symbol, string[] | undefined>)[SCRUBBED_FIELDS];
    if (!found?.length) return true;
    throw AppError.validation(
      Object.fromEntries(
        found.map((path) => [
          path.replace(/^(body|query)\./, ''),
          ['an individual number belongs in the number field only'],
        ]),
      ),
    );
  }
}
