import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as iconv from 'iconv-lite';
import { contentDisposition } from './csv-response';
import { csvChunks, csvReadable } from './csv-stream';

async function collect(gen: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of gen) parts.push(chunk);
  return Buffer.concat(parts);
}

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
