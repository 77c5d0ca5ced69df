import { deflateSync } from 'node:zlib';
import {
  distinctiveBytes,
  jpegWith,
  pdfWith,
  pngChunk,
  pngWith,
} from '../../../test/support/id-document-files';
import { crc32, detectDocumentType } from './document-content';

const payload = distinctiveBytes('unit', 64);

describe('detectDocumentType (by content, SPEC §15)', () => {
  it('knows JPEG, PNG and PDF by their bytes', () => {
    expect(detectDocumentType(jpegWith(payload))).toBe('image/jpeg');
    expect(detectDocumentType(pngWith(payload))).toBe('image/png');
    expect(detectDocumentType(pdfWith(payload))).toBe('application/pdf');
  });

  it('refuses what only starts like one of them', () => {
    const jpeg = jpegWith(payload);
    const png = pngWith(payload);
    expect(detectDocumentType(jpeg.subarray(0, 3))).toBeNull(); // magic bytes only
    expect(detectDocumentType(jpeg.subarray(0, jpeg.length - 2))).toBeNull(); // no end marker
    expect(
      detectDocumentType(
        Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xda, 0, 2, 1, 2, 0xff, 0xd9])]),
      ),
    ).toBeNull(); // scan before frame
    expect(detectDocumentType(png.subarray(0, png.length - 12))).toBeNull(); // no IEND
    const corrupt = Buffer.from(png);
    corrupt[45] ^= 0xff; // inside the private chunk's data: its CRC no longer matches
    expect(detectDocumentType(corrupt)).toBeNull();
    const signatureOnly = Buffer.concat([png.subarray(0, 8), Buffer.from('not chunks at all')]);
    expect(detectDocumentType(signatureOnly)).toBeNull();
    const noData = Buffer.concat([
      png.subarray(0, 8),
      pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    expect(detectDocumentType(noData)).toBeNull();
    const zeroWidth = Buffer.concat([
      png.subarray(0, 8),
      pngChunk('IHDR', Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
      pngChunk('IDAT', deflateSync(Buffer.from([0, 0]))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    expect(detectDocumentType(zeroWidth)).toBeNull();
    expect(detectDocumentType(Buffer.from('%PDF-1.7\nno end'))).toBeNull();
  });

  it('ignores what a name or type would claim: other content is refused', () => {
    expect(detectDocumentType(Buffer.from('MZ\x90\0 executable', 'latin1'))).toBeNull();
    expect(detectDocumentType(Buffer.from('GIF89a\x01\0\x01\0', 'latin1'))).toBeNull();
    expect(detectDocumentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(detectDocumentType(Buffer.alloc(0))).toBeNull();
    // A PDF header later in the file is not a PDF (the header must open it).
    expect(detectDocumentType(Buffer.concat([Buffer.from('x'), pdfWith(payload)]))).toBeNull();
  });

  it('computes PNG CRCs as ISO 3309 does', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
