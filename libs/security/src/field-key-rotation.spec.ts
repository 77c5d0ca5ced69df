import { RESEAL_CHUNK, resealAll, type SealedRows } from './field-key-rotation';

/** A holder over an in-memory table: ids sorted, each row sealed under `key`. */
function table(count: number, opts: { unreadable?: Set<string> } = {}) {
  const rows = Array.from({ length: count }, (_, i) => ({ id: String(i).padStart(5, '0'), key: 'old' }));
  const reads: string[] = [];
  const holder: SealedRows<{ id: string }> = {
    pendingAfter: (after, limit) => {
      reads.push(after);
      return Promise.resolve(
        rows.filter((r) => r.key === 'old' && r.id > after && !opts.unreadable?.has(r.id)).slice(0, limit),
      );
    },
    reseal: (chunk) => {
      expect(chunk.length).toBeLessThanOrEqual(RESEAL_CHUNK);
      for (const c of chunk) rows.find((r) => r.id === c.id)!.key = 'new';
      return Promise.resolve({ done: chunk.length, unreadable: 0 });
    },
  };
  return { rows, reads, holder };
}

describe('resealAll', () => {
  it('reseals every pending row, a chunk at a time, and finds nothing the second time', async () => {
    const t = table(RESEAL_CHUNK * 2 + 7);
    expect(await resealAll(t.holder)).toEqual({ done: RESEAL_CHUNK * 2 + 7, unreadable: 0 });
    expect(t.rows.every((r) => r.key === 'new')).toBe(true);
    expect(t.reads).toEqual(['', '00199', '00399', '00406']);
    expect(await resealAll(t.holder)).toEqual({ done: 0, unreadable: 0 });
  });

  it('moves past rows it cannot rewrite instead of reading them again forever', async () => {
    const t = table(5);
    const holder: SealedRows<{ id: string }> = {
      pendingAfter: t.holder.pendingAfter,
      reseal: (chunk) => Promise.resolve({ done: 0, unreadable: chunk.length }),
    };
    expect(await resealAll(holder)).toEqual({ done: 0, unreadable: 5 });
  });
});
