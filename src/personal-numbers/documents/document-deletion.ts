import { type EntityManager, In } from 'typeorm';
import { IdDocument } from './id-document.entity';
import { IdDocumentChunk } from './id-document-chunk.entity';

const CHUNK = 500;

/**
 * Deletes the ID documents of the given records, chunks first; returns how many documents. Inside the caller's
 * transaction: a record never goes without its documents, nor a document without its chunks. Rows are deleted,
 * never flagged (README "Deletion").
 */
export async function deleteDocumentsOfRecords(
  em: EntityManager,
  orgId: string,
  recordIds: readonly string[],
): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < recordIds.length; start += CHUNK) {
    const ids = recordIds.slice(start, start + CHUNK);
    const documents = await em.find(IdDocument, {
      where: { organizationId: orgId, recordId: In(ids) },
      select: { id: true },
    });
    deleted += await deleteDocuments(
      em,
      orgId,
      documents.map((d) => d.id),
    );
  }
  return deleted;
}

/** Deletes these documents of the organization and their chunks; returns how many documents. */
export async function deleteDocuments(
  em: EntityManager,
  orgId: string,
  documentIds: readonly string[],
): Promise<number> {
  if (!documentIds.length) return 0;
  await em.delete(IdDocumentChunk, { documentId: In([...documentIds]) });
  const result = await em.delete(IdDocument, { organizationId: orgId, id: In([...documentIds]) });
  return result.affected ?? documentIds.length;
}
