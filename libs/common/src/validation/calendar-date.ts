import { registerDecorator } from 'class-validator';
import { isValidDateString } from '../clock/business-date';

/**
 * A calendar date as `YYYY-MM-DD` that exists (`2026-02-30` is refused). Named `isCalendarDate`, which the
 * OpenAPI document reads as `format: date`.
 */
export function IsCalendarDate(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a date as YYYY-MM-DD` },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidDateString(value) },
    });
}
