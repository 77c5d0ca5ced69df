/** 続柄 (SPEC §8): the employee themself, or a family member. */
export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Labels in exports and imports, as HR staff write them. */
export const RELATION_LABELS: Record<Relation, string> = {
  self: '本人',
  spouse: '配偶者',
  child: '子',
  parent: '親',
  other: 'その他',
};

/** Relations an employee has at most one of (the unique `single_relation` column). */
export const SINGLE_RELATIONS: readonly Relation[] = ['self', 'spouse'];

/**
 * 収集状況 (SPEC §8): collected (収集済: the number is stored), not submitted (未提出: still to collect), refused
 * (提出拒否: the person declined; the refusal itself is the record the employer keeps).
 */
export const STATES = ['collected', 'not_submitted', 'refused'] as const;
export type RecordState = (typeof STATES)[number];

export const STATE_LABELS: Record<RecordState, string> = {
  collected: '収集済',
  not_submitted: '未提出',
  refused: '提出拒否',
};

/** What lists show for a stored number: no digit at all (README "Masking"). */
export const MASKED_NUMBER = '************';

/** 社員番号: 1–32 half-width letters, digits, `-` and `_`, as HR systems issue them; case-sensitive. */
export const EMPLOYEE_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * 氏 / 名: 1–30 characters (as user names, SPEC §4) and no digits, half- or full-width: a personal name has none,
 * and a number typed into the wrong field must not be stored in clear.
 */
export const NAME_MAX = 30;
export const NAME_PATTERN = /^[^0-9０-９]+$/;

/** Sort order of relations within an employee: self first, then the family. */
export const RELATION_ORDER_SQL = (column: string) =>
  `CASE ${column} WHEN 'self' THEN 0 WHEN 'spouse' THEN 1 WHEN 'child' THEN 2 WHEN 'parent' THEN 3 ELSE 4 END`;
