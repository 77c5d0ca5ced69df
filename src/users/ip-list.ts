/** An allow-list column read with a plain statement: JSON text of addresses, or empty. */
export function parseIpList(value: unknown): string[] {
  if (typeof value !== 'string' || !value) return [];
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}
