/** Yen as the screens show it: 290,329 円. */
export const yenOf = (n: number | null | undefined) => `${(n ?? 0).toLocaleString('ja-JP')} 円`;
