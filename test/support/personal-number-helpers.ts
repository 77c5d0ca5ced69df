import type { TestApp } from './test-app';

/**
 * Individual numbers for tests, made with the SPEC §8 formula written out here (independently of the code under
 * test): a fixed 11-digit body and its check digit.
 */
export function withCheckDigit(body: string): string {
  if (!/^\d{11}$/.test(body)) throw new Error('body must be 11 digits');
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(body[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return `${body}${r <= 1 ? 0 : 11 - r}`;
}

/** The same number with a wrong check digit. */
export function withWrongCheckDigit(body: string): string {
  const good = withCheckDigit(body);
  return `${body}${(Number(good[11]) + 1) % 10}`;
}

/** `count` distinct valid numbers from a seed (bodies `<seed><index>` padded to 11 digits). */
export function validNumbers(seed: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    withCheckDigit(`${seed}${String(i).padStart(11 - String(seed).length, '0')}`),
  );
}

export interface RecordInput {
  employeeCode: string;
  familyName?: string;
  givenName?: string;
  relation?: 'self' | 'spouse' | 'child' | 'parent' | 'other';
  number?: string | null;
  state?: string;
  retiredOn?: string | null;
  groupId?: string | null;
}

/** POSTs a record and expects 201; returns the body. */
export async function createRecord(
  t: TestApp,
  orgId: string,
  token: string,
  input: RecordInput,
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t
    .api('post', `/organizations/${orgId}/personal-numbers`, token)
    .send({ familyName: '山田', givenName: '太郎', relation: 'self', ...input });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return res.body as { id: string } & Record<string, unknown>;
}

/** Every row of a table, for scans and counts in tests. */
export async function rowsOf<T = Record<string, unknown>>(
  t: TestApp,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await t.dataSource.query(sql, params)) as T[];
}
