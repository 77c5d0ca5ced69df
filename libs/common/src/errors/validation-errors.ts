import type { ValidationError } from 'class-validator';
import { AppError } from './app-error';

/**
 * Flattens class-validator errors into `details.fields: {"a.b": [messages]}` (SPEC §0). Values are never echoed,
 * so a password that fails validation cannot reach the response or the logs.
 */
export function validationFieldMessages(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    if (error.children?.length) Object.assign(fields, validationFieldMessages(error.children, path));
  }
  return fields;
}

export function validationExceptionFactory(errors: ValidationError[]): AppError {
  return AppError.validation(validationFieldMessages(errors));
}
