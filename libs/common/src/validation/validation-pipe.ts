import { ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from '../errors/validation-errors';

/**
 * The one validation Kanri runs on every body, query and parameter DTO: unknown fields are refused (400), values
 * are transformed to their declared types, and errors come out in the SPEC shape.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationExceptionFactory,
  });
}
