/** BIGINT columns read as JS numbers (sequence numbers stay far below 2^53) on both drivers. */
export const bigintAsNumber = {
  from: (v: unknown) => (v === null || v === undefined ? v : Number(v)),
  to: (v: unknown) => v,
};
