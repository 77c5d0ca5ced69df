import type { AppConfig } from '@kanri/common/config/app-config';
import { FieldCipher } from '@kanri/security/field-cipher';
import { DOCUMENT_CHUNK_BYTES, DocumentVault } from './document-vault';

const config = { fieldKeys: [{ id: 'k1', key: Buffer.alloc(32, 7) }] } as unknown as AppConfig;

describe('DocumentVault (ID documents sealed in chunks)', () => {
  const vault = new DocumentVault(new FieldCipher(config));
  const image = Buffer.alloc(2 * DOCUMENT_CHUNK_BYTES + 123);
  for (let i = 0; i < image.length; i++) image[i] = (i * 13 + 5) % 256;

  it('seals 1 MiB chunks, each on its own, and opens them back into the image', () => {
    const chunks = vault.seal('doc-1', image);
    expect(chunks.map((c) => [c.chunkIndex, c.sealed.length, c.keyId])).toEqual([
      [0, DOCUMENT_CHUNK_BYTES + 28, 'k1'],
      [1, DOCUMENT_CHUNK_BYTES + 28, 'k1'],
      [2, 123 + 28, 'k1'],
    ]);
    expect(vault.open('doc-1', 3, [chunks[2], chunks[0], chunks[1]]).equals(image)).toBe(true);
  });

  it('refuses a missing chunk, a chunk in another position, or a chunk of another document', () => {
    const chunks = vault.seal('doc-1', image);
    expect(() => vault.open('doc-1', 3, chunks.slice(0, 2))).toThrow('incomplete');
    const swapped = [{ ...chunks[0], chunkIndex: 1 }, { ...chunks[1], chunkIndex: 0 }, chunks[2]];
    expect(() => vault.open('doc-1', 3, swapped)).toThrow();
    const moved = vault.seal('doc-2', image).map((c) => ({ ...c, documentId: 'doc-1' }));
    expect(() => vault.open('doc-1', 3, moved)).toThrow();
  });
});
