import { RESEAL_CHUNK, resealAll, rotateFieldKey, type SealedRows } from './field-key-rotation';

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

describe('rotateFieldKey', () => {
  const audit = () => {
    const runs: unknown[] = [];
    return {
      runs,
      runAsSystem: <T>(job: unknown, work: () => Promise<T>) => {
        runs.push(job);
        return work();
      },
    };
  };
  const logger = () => ({
    lines: [] as string[],
    log(m: string) {
      this.lines.push(m);
    },
    warn(m: string) {
      this.lines.push(`WARN ${m}`);
    },
  });

  it('does nothing, and audits nothing, when nothing is pending', async () => {
    const a = audit();
    const t = table(0);
    expect(
      await rotateFieldKey(
        {
          ...t.holder,
          name: 'x',
          screen: '画面',
          what: 'things',
          sealedWith: 'new',
          pendingCount: () => Promise.resolve(0),
        },
        a,
        logger(),
      ),
    ).toBe(0);
    expect(a.runs).toEqual([]);
  });

  it('reseals inside one system audit row naming the current key and the pending count, and logs what it left', async () => {
    const a = audit();
    const l = logger();
    const t = table(3, { unreadable: new Set() });
    const plan = {
      pendingAfter: t.holder.pendingAfter,
      reseal: async (rows: { id: string }[]) => ({
        ...(await t.holder.reseal(rows.slice(1))),
        unreadable: 1,
      }),
      name: 'things-key-rotation',
      screen: '暗号鍵更新',
      what: 'things',
      sealedWith: 'new',
      pendingCount: () => Promise.resolve(3),
    };
    expect(await rotateFieldKey(plan, a, l)).toBe(2);
    expect(a.runs).toEqual([
      {
        name: 'things-key-rotation',
        screen: '暗号鍵更新',
        operation: 'update',
        details: { sealedWith: 'new', pending: 3 },
      },
    ]);
    expect(l.lines).toEqual([
      're-encrypted 2 things under key new',
      'WARN 1 things cannot be opened with the configured keys and stay as they are',
    ]);
  });
});
