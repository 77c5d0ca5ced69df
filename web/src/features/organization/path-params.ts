/**
 * The path parameters of an API call (`{orgId}`, `{userId}`, …). The OpenAPI document writes them in the paths but
 * does not declare them yet (`path?: never` in schema.d.ts for `{orgId}`), so the typed client would refuse them; openapi-fetch
 * fills the placeholders from `params.path` all the same. Every screen of the organization, members and audit
 * features passes its path parameters through here: once the document declares them, this cast goes and the
 * compiler checks each call.
 */
export function pathParams(path: Record<string, string>): { path: never } {
  return { path } as unknown as { path: never };
}

/** A path with its placeholders filled, for the raw calls (downloads, uploads) the schema does not describe. */
export function fillPath(template: string, path: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(path[name] ?? ''));
}
