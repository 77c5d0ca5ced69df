import {
  Alert,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
  type TextInputProps,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

/** The words under a field, linked to its input by `aria-describedby` (`${fieldId}-error`). */
export function FieldError({ fieldId, message }: { fieldId: string; message?: string | null }) {
  if (!message) return null;
  return (
    <FormHelperText>
      <HelperText>
        <HelperTextItem variant="error" id={`${fieldId}-error`}>
          {message}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}

/** The sentence above a form for an error that concerns no single field. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return <Alert variant="danger" isInline isPlain title={message} role="alert" />;
}

interface TextFieldProps<T extends FieldValues> {
  form: UseFormReturn<T>;
  name: Path<T>;
  label: string;
  type?: TextInputProps['type'];
  required?: boolean;
  autoComplete?: string;
  inputMode?: TextInputProps['inputMode'];
  /** A server-side message for this field (from fieldErrors), shown when the form has none of its own. */
  serverError?: string;
  helper?: ReactNode;
  autoFocus?: boolean;
}

/**
 * A labelled text field bound to react-hook-form (required fields carry `required`, which screen readers announce;
 * the label stays the field's exact name, without an asterisk in it), with its error (the form's own rule, or the server's words from
 * `fieldErrors`) under it and announced to screen readers.
 */
export function TextField<T extends FieldValues>({
  form,
  name,
  label,
  type = 'text',
  required,
  autoComplete,
  inputMode,
  serverError,
  helper,
  autoFocus,
}: TextFieldProps<T>) {
  const { t } = useTranslation();
  const id = `field-${String(name).replace(/\W/g, '-')}`;
  const own = form.formState.errors[name]?.message;
  const message = (typeof own === 'string' && own) || serverError;
  const {
    ref,
    onChange,
    onBlur,
    name: fieldName,
  } = form.register(name, {
    required: required ? t('app:state.required') : false,
  });
  return (
    <FormGroup label={label} fieldId={id}>
      <TextInput
        id={id}
        ref={ref}
        isRequired={required}
        name={fieldName}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        autoFocus={autoFocus}
        validated={message ? 'error' : 'default'}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        onChange={(event) => void onChange(event)}
        onBlur={(event) => void onBlur(event)}
      />
      {helper && !message ? (
        <FormHelperText>
          <HelperText>
            <HelperTextItem>{helper}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      ) : null}
      <FieldError fieldId={id} message={message} />
    </FormGroup>
  );
}

interface PlainTextFieldProps {
  /** The input's id; its error is `${id}-error`, its helper `${id}-help`. */
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The field's error in words (the screen's own check or the server's `fieldErrors`). */
  error?: string | null;
  type?: TextInputProps['type'];
  required?: boolean;
  disabled?: boolean;
  autoComplete?: string;
  inputMode?: TextInputProps['inputMode'];
  helper?: ReactNode;
}

/**
 * The same labelled field as `TextField` for a screen that keeps its values in plain state instead of
 * react-hook-form: label, `required`, the error under the field linked by `aria-describedby`, or the helper when
 * there is no error.
 */
export function PlainTextField({
  id,
  label,
  value,
  onChange,
  error,
  type = 'text',
  required,
  disabled,
  autoComplete,
  inputMode,
  helper,
}: PlainTextFieldProps) {
  const describedBy = error ? `${id}-error` : helper ? `${id}-help` : undefined;
  return (
    <FormGroup label={label} fieldId={id} isRequired={required}>
      <TextInput
        id={id}
        type={type}
        isRequired={required}
        isDisabled={disabled}
        autoComplete={autoComplete}
        inputMode={inputMode}
        value={value}
        onChange={(_event, next) => onChange(next)}
        validated={error ? 'error' : 'default'}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {helper && !error ? (
        <FormHelperText>
          <HelperText>
            <HelperTextItem id={`${id}-help`}>{helper}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      ) : null}
      <FieldError fieldId={id} message={error} />
    </FormGroup>
  );
}
