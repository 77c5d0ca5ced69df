import { Injectable } from '@nestjs/common';
import { newId } from '@kanri/common/ids/new-id';
import { FieldCipher } from '@kanri/security/field-cipher';
import type { IdDocumentChunk } from './id-document-chunk.entity';

/** Bytes of an image per chunk before sealing: 1 MiB (2 MiB of hex in a MySQL statement). */
export const DOCUMENT_CHUNK_BYTES = 1024 * 1024;

/**
 * Seals and opens ID-document images with the field key (the numbers' key ring, SPEC §15 "sealed with the field
 * key"), a chunk at a time (id-document-chunk.entity.ts). Each chunk's associated data names its document and
 * position; the document row's chunk count catches a missing tail.
 */
@Injectable()
export class DocumentVault {
  constructor(private readonly cipher: FieldCipher) {}

  get currentKeyId(): string {
    return this.cipher.currentKeyId;
  }

  seal(documentId: string, image: Buffer): IdDocumentChunk[] {
    const chunks: IdDocumentChunk[] = [];
    for (let index = 0, start = 0; start < image.length; index++, start += DOCUMENT_CHUNK_BYTES)
      chunks.push(this.sealChunk(documentId, index, image.subarray(start, start + DOCUMENT_CHUNK_BYTES)));
    return chunks;
  }

  sealChunk(documentId: string, chunkIndex: number, bytes: Buffer, id = newId()): IdDocumentChunk {
    const { keyId, sealed } = this.cipher.encryptBytes(bytes, context(documentId, chunkIndex));
    return { id, documentId, chunkIndex, keyId, sealed };
  }

  openChunk(chunk: Pick<IdDocumentChunk, 'documentId' | 'chunkIndex' | 'keyId' | 'sealed'>): Buffer {
    return this.cipher.decryptBytes(chunk.keyId, chunk.sealed, context(chunk.documentId, chunk.chunkIndex));
  }

  /** The whole image from its chunks in order; throws unless they are exactly `chunkCount`, 0…n-1. */
  open(documentId: string, chunkCount: number, chunks: IdDocumentChunk[]): Buffer {
    const ordered = [...chunks].sort((a, b) => a.chunkIndex - b.chunkIndex);
    if (
      ordered.length !== chunkCount ||
      ordered.some((c, i) => c.chunkIndex !== i || c.documentId !== documentId)
    )
      throw new Error('The sealed document is incomplete');
    return Buffer.concat(ordered.map((c) => this.openChunk(c)));
  }
}

function context(documentId: string, chunkIndex: number): string {
  return `personal_numbers.document:${documentId}:${chunkIndex}`;
}
