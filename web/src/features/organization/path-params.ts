/**
 * A path with its placeholders filled (`{orgId}`, `{userId}`, …), for the raw calls the typed client does not make:
 * file downloads and multipart uploads (rawFetch). Typed calls pass `params: { path }`, which the OpenAPI document
 * declares for every route, so the compiler checks each of them.
 */
export function fillPath(template: string, path: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(path[name] ?? ''));
}
