import { ScimError } from './scim-error';

/**
 * A SCIM boolean. Microsoft Entra ID sends `active` as the strings `"True"` and `"False"` in PATCH operations
 * (a documented deviation from RFC 7643), so both spellings are read, in any case.
 */
export function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw ScimError.invalidValue(`${attribute} must be a boolean`);
}
