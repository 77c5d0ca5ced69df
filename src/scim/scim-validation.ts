import type { ClassConstructor } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { ScimError } from './scim-error';

function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${prefix}${m}`),
    ...messages(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/**
 * Holds SCIM input to the same class-validator rules as Kanri's own request body for the change (one place per
 * rule): the login ID rule, name lengths, e-mail format. The confirmation password is a console step, not a SCIM
 * one. A refusal is 400 `invalidValue` naming each rule broken. Returns the transformed DTO (kana normalized, …).
 */
export function validatedAs<T extends object>(type: ClassConstructor<T>, plain: Record<string, unknown>): T {
  const dto = plainToInstance(type, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).filter(
    (e) => e.property !== 'confirmationPassword',
  );
  if (errors.length) throw ScimError.invalidValue(messages(errors).join('; '));
  return dto;
}
