import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const CHUNK = 200;

/**
 * Many rows, each with its own values, updated in chunks of 200 rows per statement (docs/architecture.md "Data"):
 * `SET col = CASE id WHEN :id0 THEN :v0 … END … WHERE organization_id = :orgId AND id IN (…)`. Plain SQL that both
 * drivers run; the query builder converts dates for SQLite. Unlike an upsert it can never touch a row it was not
 * given, whatever unique index the new values meet.
 */
export async function updateRows<E extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<E>,
  orgId: string,
  properties: readonly (keyof E & string)[],
  rows: readonly { id: string; values: Partial<E> }[],
): Promise<void> {
  if (!rows.length) return;
  const metadata = em.connection.getMetadata(entity);
  const idColumn = metadata.findColumnWithPropertyName('id')!.databaseName;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const params: Record<string, unknown> = { orgId, ids: chunk.map((r) => r.id) };
    chunk.forEach((r, i) => (params[`id${i}`] = r.id));
    const set: Record<string, () => string> = {};
    properties.forEach((property, p) => {
      const whens = chunk.map((r, i) => {
        params[`v${p}_${i}`] = r.values[property] ?? null;
        return `WHEN :id${i} THEN :v${p}_${i}`;
      });
      set[property] = () => `CASE ${idColumn} ${whens.join(' ')} END`;
    });
    await em
      .createQueryBuilder()
      .update(entity)
      .set(set as never)
      .where(`organization_id = :orgId AND ${idColumn} IN (:...ids)`)
      .setParameters(params)
      .execute();
  }
}

/** Inserts in chunks of 200 rows per statement. */
export async function insertRows<E extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<E>,
  rows: readonly E[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK)
    await em.insert(entity, rows.slice(start, start + CHUNK) as never);
}
