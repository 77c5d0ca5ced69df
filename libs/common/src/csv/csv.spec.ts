import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as iconv from 'iconv-lite';
import { csvCell, csvLine, unguardCsvCell } from './csv-cell';
import { ZonedDateTimeFormat } from './csv-datetime';
import { contentDisposition } from './csv-response';
import { csvChunks, csvReadable } from './csv-stream';

async function collect(gen: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of gen) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('CSV cells (RFC 4180 and formula injection)', () => {
  it('leaves plain text alone and quotes only what needs it', () => {
    expect(csvCell('山田')).toBe('山田');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('x\r\ny')).toBe('"x\r\ny"');
  });

  it('writes empty cells for null and undefined, and numbers as they are', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(true)).toBe('true');
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+81312345678', "'+81312345678"],
    ['-1+2', "'-1+2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
  ])('prefixes %j, which a spreadsheet would evaluate, with a quote', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('prefixes a leading CR and still quotes the cell', () => {
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('guards a formula that also needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('round-trips through unguardCsvCell, including text that already starts with a quote', () => {
    for (const value of ['=1', "'=1", "''@x", "'plain", 'plain', '-', "'", '']) {
      const written = csvCell(value).replace(/^"|"$/g, '').replace(/""/g, '"');
      expect(unguardCsvCell(written)).toBe(value);
    }
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 1, null, '=x'])).toBe("a,1,,'=x\r\n");
  });
});

describe('CSV documents', () => {
  const doc = {
    header: ['No.', 'ユーザーID'],
    rows: [
      [1, 'yamada1'],
      [2, '=evil'],
    ] as const,
  };

  it('starts UTF-8 output with a BOM and the header line', async () => {
    const bytes = await collect(csvChunks({ ...doc, encoding: 'utf8' }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe("No.,ユーザーID\r\n1,yamada1\r\n2,'=evil\r\n");
  });

  it('writes CP932 without a BOM for sjis', async () => {
    const bytes = await collect(csvChunks({ ...doc, encoding: 'sjis' }));
    expect(bytes[0]).toBe('N'.charCodeAt(0));
    expect(iconv.decode(bytes, 'cp932')).toBe("No.,ユーザーID\r\n1,yamada1\r\n2,'=evil\r\n");
    // ユ in CP932 is 0x83 0x86.
    expect(bytes.includes(Buffer.from([0x83, 0x86]))).toBe(true);
  });

  it('pulls rows lazily: a slow consumer holds back the source', async () => {
    let produced = 0;
    async function* rows() {
      for (let i = 0; i < 200_000; i++) {
        produced = i;
        yield [i, 'x'.repeat(50)];
      }
    }
    const readable = csvReadable({ header: ['n', 'x'], rows: rows() });
    let received = 0;
    let producedAtFirstChunk = -1;
    await pipeline(
      readable,
      new Writable({
        highWaterMark: 1024,
        write(chunk: Buffer, _enc, done) {
          if (producedAtFirstChunk < 0) producedAtFirstChunk = produced;
          received += chunk.length;
          setImmediate(done);
        },
      }),
    );
    expect(received).toBeGreaterThan(200_000 * 50);
    // When the first chunk arrived only a couple of chunks' worth of rows had been produced, not all 200,000.
    expect(producedAtFirstChunk).toBeLessThan(10_000);
  });
});

describe('Content-Disposition', () => {
  it('names the file in ASCII and exactly in filename*', () => {
    expect(contentDisposition('operation_history_login_20261122103000.csv')).toBe(
      `attachment; filename="operation_history_login_20261122103000.csv"; filename*=UTF-8''operation_history_login_20261122103000.csv`,
    );
    expect(contentDisposition('利用者"一覧.csv')).toBe(
      `attachment; filename="______.csv"; filename*=UTF-8''%E5%88%A9%E7%94%A8%E8%80%85%22%E4%B8%80%E8%A6%A7.csv`,
    );
  });
});

describe('ZonedDateTimeFormat', () => {
  it('writes Asia/Tokyo local time', () => {
    const f = new ZonedDateTimeFormat('Asia/Tokyo');
    const instant = new Date('2026-11-21T15:30:05.999Z');
    expect(f.format(instant)).toBe('2026/11/22 00:30:05');
    expect(f.compact(instant)).toBe('20261122003005');
  });

  it('finds where a local day starts, across daylight saving changes too', () => {
    expect(new ZonedDateTimeFormat('Asia/Tokyo').startOfDay('2026-11-22').toISOString()).toBe(
      '2026-11-21T15:00:00.000Z',
    );
    const ny = new ZonedDateTimeFormat('America/New_York');
    expect(ny.startOfDay('2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z'); // EST, DST starts 02:00
    expect(ny.startOfDay('2026-03-09').toISOString()).toBe('2026-03-09T04:00:00.000Z'); // EDT
    expect(ny.format(new Date('2026-03-08T06:59:59Z'))).toBe('2026/03/08 01:59:59');
    expect(ny.format(new Date('2026-03-08T07:00:00Z'))).toBe('2026/03/08 03:00:00');
  });

  it('agrees with Intl over a year of random instants', () => {
    const zones = ['Asia/Tokyo', 'Europe/London', 'Australia/Lord_Howe', 'America/St_Johns'];
    for (const zone of zones) {
      const f = new ZonedDateTimeFormat(zone);
      const intl = new Intl.DateTimeFormat('sv-SE', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
      for (let i = 0; i < 2000; i++) {
        const instant = new Date(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 366 * 86_400_000));
        expect(f.format(instant)).toBe(intl.format(instant).replace(/-/g, '/'));
      }
    }
  });
});
