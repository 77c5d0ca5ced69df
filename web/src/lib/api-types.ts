import type { operations } from '../api/schema';

/** The 200 (or 201) JSON body of an operation, as the OpenAPI document (schema.d.ts) describes it. */
export type OkBody<Op extends keyof operations> = operations[Op]['responses'] extends {
  200: { content: { 'application/json': infer B } };
}
  ? B
  : operations[Op]['responses'] extends { 201: { content: { 'application/json': infer C } } }
    ? C
    : never;

/**
 * The generated body when the document describes it; `Fallback` while it only says "an object"
 * (`Record<string, never>` in schema.d.ts). Once the document gains the schema, the generated type wins and the
 * compiler checks every screen that reads it against the document.
 */
export type Described<Generated, Fallback> = string extends keyof Generated ? Fallback : Generated;

/**
 * The data of an openapi-fetch answer read as `T` (a `Described<…>` type). Non-2xx answers never get here: the
 * client's middleware throws ApiError. The one place the console reads an answer the document does not type yet.
 */
export function described<T>(result: { data?: unknown; error?: unknown; response: Response }): T {
  if (result.error !== undefined) throw result.error;
  return result.data as T;
}
