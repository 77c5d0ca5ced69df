/**
 * The payload kinds of the bad-input sweep (issue #10). Each value has a label, so a failure names exactly what
 * was sent ("body.familyName unicode:NUL").
 */

export interface Labelled<T = unknown> {
  label: string;
  value: T;
}

export const ONE_MB = 1024 * 1024;

/** Edges of Unicode that break naive storage, comparison or display. */
export const UNICODE_EDGES: Labelled<string>[] = [
  { label: 'NUL', value: 'a\u0000b' },
  { label: 'RTL-override', value: '\u202Egnp.exe' },
  { label: 'emoji', value: '😀👍🏽' },
  { label: 'ZWJ-family', value: '👨‍👩‍👧‍👦' },
  { label: 'half-width-kana', value: 'ｶﾝﾘ' },
  { label: 'full-width-alnum', value: 'ＡＢＣ１２３' },
  { label: 'combining', value: 'e\u0301\u0301\u0301' },
  { label: 'lone-surrogate', value: 'x\uD800y' },
  { label: 'BOM-and-separators', value: '\uFEFFa\u2028b\u2029c' },
  { label: 'control-chars', value: '\u0007\u001b[31m\r\n' },
];

/** Shapes of injection attempts: they must be stored or refused as text, never interpreted. */
export const INJECTIONS: Labelled<string>[] = [
  { label: 'sql-quote', value: "' OR '1'='1' -- " },
  { label: 'sql-stacked', value: '1; DROP TABLE users; --' },
  { label: 'html-script', value: '<script>alert(1)</script>' },
  { label: 'template', value: '{{7*7}}${7*7}<%= 7*7 %>' },
  { label: 'path-traversal', value: '../../../../etc/passwd' },
  { label: 'csv-formula', value: '=HYPERLINK("http://x","y")' },
  { label: 'jndi', value: '${jndi:ldap://x/a}' },
  { label: 'crlf-header', value: 'a\r\nSet-Cookie: x=1' },
  { label: 'like-wildcards', value: '%_\\%' },
];

/** Values smuggled in where a string is expected, as objects: operator injection and prototype pollution. */
export const OBJECT_INJECTIONS: Labelled[] = [
  { label: 'operator-object', value: { $gt: '' } },
  { label: 'proto-key', value: JSON.parse('{"__proto__": {"polluted": true}}') as unknown },
];

export function bigString(): string {
  return 'x'.repeat(ONE_MB);
}

export function bigMultibyteString(): string {
  return 'あ'.repeat(Math.floor(ONE_MB / 3));
}

/** Path-segment values: the path must answer 4xx for each (the URL limit keeps the long one at 4 KB). */
export const PATH_VALUES: Labelled<string>[] = [
  ...INJECTIONS.filter((v) => v.label !== 'crlf-header'),
  ...UNICODE_EDGES.filter((v) => v.label !== 'lone-surrogate'),
  { label: 'long-4k', value: 'a'.repeat(4096) },
  { label: 'number', value: '12345' },
  { label: 'negative', value: '-1' },
  { label: 'dot', value: '.' },
  { label: 'uuid-shaped-unknown', value: '00000000-0000-7000-8000-000000000000' },
];
