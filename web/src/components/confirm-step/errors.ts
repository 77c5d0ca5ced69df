import type { TFunction } from 'i18next';
import { errorMessage, fieldErrors, formError } from '../../lib/errors';
import type { StepErrors } from './confirmation-types';

/**
 * An API refusal as the confirm step shows it: words next to each field it concerns (validation messages, the
 * confirmation password) and one sentence for the rest. `fieldFor` names the field of a code where the default
 * guess does not fit.
 */
export function toStepErrors(
  t: TFunction,
  error: unknown,
  fieldFor: Partial<Record<string, string>> = {},
): StepErrors {
  const fields = fieldErrors(t, error, fieldFor);
  const placed = Object.keys(fields).length > 0;
  const form = placed ? formError(t, error, fields) : errorMessage(t, error);
  // A code that went to a field needs no second sentence above the form.
  const onlyOnField =
    placed && !(error && typeof error === 'object' && 'code' in error && error.code === 'VALIDATION_FAILED');
  return { fields, form: onlyOnField ? undefined : (form ?? undefined) };
}
