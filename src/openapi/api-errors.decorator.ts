import { SetMetadata } from '@nestjs/common';
import type { ErrorCode } from '@kanri/common/errors/error-code';

export const API_ERRORS = 'kanri:api-errors';

export interface DeclaredError {
  status: number;
  codes: ErrorCode[];
}

/**
 * Documents the business errors a route can answer with, beyond those every route of its kind gives (400 for
 * bad input, 401/403 from the access rule, 404 for unknown path ids, … which the OpenAPI document derives from
 * the route's own decorators). Stack one per status: `@ApiErrors(422, ErrorCode.ManagerCapExceeded)`.
 */
export const ApiErrors =
  (status: number, ...codes: ErrorCode[]): MethodDecorator =>
  (target, key, descriptor) => {
    const handler = descriptor.value as object;
    const declared = (Reflect.getMetadata(API_ERRORS, handler) as DeclaredError[] | undefined) ?? [];
    SetMetadata(API_ERRORS, [...declared, { status, codes }])(target, key, descriptor);
  };
