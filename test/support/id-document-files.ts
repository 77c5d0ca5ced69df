import { deflateSync } from 'node:zlib';

/**
 * Small but well-formed ID-document files for tests, each carrying `payload` where a viewer would not show it
 * (a JPEG comment, a PNG private chunk, a PDF comment), so a test can look for those bytes anywhere.
 */

/** A distinctive byte sequence: printable marker, then bytes that occur in no text and no zero padding. */
export function distinctiveBytes(label: string, length = 256): Buffer {
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i++) body[i] = (i * 73 + 41) % 251;
  return Buffer.concat([Buffer.from(`KANRI-ID-DOC-${label}-`), body]);
}

/**
 * Every way bytes may show up in a dump or a log: raw, hex (both cases), and base64 / base64url at each of the three
 * alignments the bytes could have inside a longer encoded value.
 */
export function formsOfBytes(bytes: Buffer): Buffer[] {
  const encoded = [0, 1, 2].flatMap((skip) => {
    const part = bytes.subarray(skip);
    return [
      Buffer.from(part.toString('base64').slice(4, 68)),
      Buffer.from(part.toString('base64url').slice(4, 68)),
    ];
  });
  return [
    bytes,
    Buffer.from(bytes.toString('hex')),
    Buffer.from(bytes.toString('hex').toUpperCase()),
    ...encoded,
  ];
}

export function jpegWith(payload: Buffer): Buffer {
  const segment = (marker: number, data: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(data.length + 2, 2);
    return Buffer.concat([head, data]);
  };
  const comments: Buffer[] = [];
  for (let start = 0; start < payload.length; start += 65_000)
    comments.push(segment(0xfe, payload.subarray(start, start + 65_000)));
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...comments,
    // SOF0: 8-bit, 1×1, one component.
    segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    // SOS: one component, then a few bytes of entropy-coded data.
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function pngWith(payload: Buffer): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1×1, 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('kaNr', payload),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function pdfWith(payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
    Buffer.from('% '),
    payload,
    Buffer.from('\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  ]);
}
