/** The media types an ID document may have (SPEC §15: JPEG, PNG or PDF). */
export type DocumentMediaType = 'image/jpeg' | 'image/png' | 'application/pdf';

export const DOCUMENT_MEDIA_TYPES: readonly DocumentMediaType[] = [
  'image/jpeg',
  'image/png',
  'application/pdf',
];

export const EXTENSIONS: Record<DocumentMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

/**
 * What an upload is, read from its bytes alone: the file name and the Content-Type the client sends are not
 * looked at (a renamed executable stays refused, a photo named `scan.bin` is accepted). Beyond the magic bytes,
 * JPEG and PNG are walked: a JPEG's segments up to the start of scan with a frame header before it and an end
 * marker after, a PNG's chunks (lengths within the file, each CRC right) from IHDR through IDAT to IEND. A PDF
 * needs its `%PDF-n.` header and an `%%EOF` in its last kilobyte; its objects are not parsed (no PDF is
 * rendered by Kanri). Answers null for anything else, truncated or corrupt files included.
 */
export function detectDocumentType(bytes: Buffer): DocumentMediaType | null {
  if (isJpeg(bytes)) return 'image/jpeg';
  if (isPng(bytes)) return 'image/png';
  if (isPdf(bytes)) return 'application/pdf';
  return null;
}

/** Start-of-frame markers (SOF0–SOF15 without DHT C4, JPG C8 and DAC CC). */
const FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function isJpeg(b: Buffer): boolean {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return false;
  let pos = 2;
  let framed = false;
  while (pos + 4 <= b.length) {
    if (b[pos] !== 0xff) return false;
    const marker = b[pos + 1];
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    // Standalone markers (SOI, EOI, RSTn) cannot come before the scan.
    if (marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x00)
      return false;
    const length = b.readUInt16BE(pos + 2);
    if (length < 2 || pos + 2 + length > b.length) return false;
    if (FRAME_MARKERS.has(marker)) {
      // Precision, height, width, components: a frame of at least one pixel and one component.
      if (length < 8 || b.readUInt16BE(pos + 7) === 0 || b[pos + 9] === 0) return false;
      framed = true;
    }
    if (marker === 0xda) {
      const scan = pos + 2 + length;
      return framed && endMarkerAfter(b, scan);
    }
    pos += 2 + length;
  }
  return false;
}

/** An EOI marker after `from` (cameras may append bytes after it). */
function endMarkerAfter(b: Buffer, from: number): boolean {
  const at = b.lastIndexOf(Buffer.from([0xff, 0xd9]));
  return at >= from;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isPng(b: Buffer): boolean {
  if (b.length < 8 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let pos = 8;
  let first = true;
  let data = false;
  while (pos + 12 <= b.length) {
    const length = b.readUInt32BE(pos);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > b.length) return false;
    const type = b.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return false;
    if (crc32(b.subarray(pos + 4, pos + 8 + length)) !== b.readUInt32BE(pos + 8 + length)) return false;
    if (first) {
      // IHDR first, 13 bytes, width and height at least 1.
      if (type !== 'IHDR' || length !== 13 || !b.readUInt32BE(pos + 8) || !b.readUInt32BE(pos + 12))
        return false;
      first = false;
    } else if (type === 'IDAT') data = true;
    else if (type === 'IEND') return data;
    pos = end;
  }
  return false;
}

function isPdf(b: Buffer): boolean {
  if (!/^%PDF-[12]\.\d/.test(b.toString('latin1', 0, 8))) return false;
  return b.subarray(Math.max(0, b.length - 1024)).includes('%%EOF');
}

let crcTable: Uint32Array | undefined;

/** CRC-32 as PNG computes it (ISO 3309), table-driven. */
export function crc32(bytes: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
