/**
 * The words for a 400 VALIDATION_FAILED field message. The API answers each field with class-validator's English
 * sentence (`details.fields: {"loginId": ["loginId must be shorter than or equal to 12 characters"]}`); the
 * console recognises the constraint behind the sentence and says it in the user's language, with its numbers.
 * A sentence no rule recognises falls back to `invalid` ("この項目の値が正しくありません") in Japanese and to the
 * API's own sentence in English.
 */
export type Constraint =
  | 'required'
  | 'maxLength'
  | 'minLength'
  | 'length'
  | 'max'
  | 'min'
  | 'integer'
  | 'number'
  | 'string'
  | 'boolean'
  | 'email'
  | 'date'
  | 'id'
  | 'oneOf'
  | 'arrayMax'
  | 'arrayMin'
  | 'arrayUnique'
  | 'array'
  | 'digits'
  | 'loginId'
  | 'ip'
  | 'pattern'
  | 'unknownField'
  | 'invalid';

export interface ConstraintMatch {
  constraint: Constraint;
  /** Numbers and values the words need (`{{n}}`, `{{min}}`, `{{max}}`, `{{values}}`). */
  params: Record<string, string>;
}

/** class-validator's default sentences and Kanri's own `message:` texts, after the property name. */
const RULES: [RegExp, Constraint, string[]][] = [
  [/should not be empty$/, 'required', []],
  [/must be shorter than or equal to (\d+) characters$/, 'maxLength', ['n']],
  [/must be longer than or equal to (\d+) characters$/, 'minLength', ['n']],
  [
    /must be longer than or equal to (\d+) and shorter than or equal to (\d+) characters$/,
    'length',
    ['min', 'max'],
  ],
  [/must not be greater than (-?[\d.]+)$/, 'max', ['n']],
  [/must not be less than (-?[\d.]+)$/, 'min', ['n']],
  [/must be an integer number$/, 'integer', []],
  [/must be a number conforming to the specified constraints$/, 'number', []],
  [/must be a string$/, 'string', []],
  [/must be a boolean value$/, 'boolean', []],
  [/must be an email$/, 'email', []],
  [
    /must be (a valid ISO 8601 date string|a Date instance|(a )?date (as )?YYYY-MM-DD|YYYY-MM-DD)$/,
    'date',
    [],
  ],
  [/must be an? (UUID|user id|group id)$/, 'id', []],
  [/must be one of the following values: (.*)$/, 'oneOf', ['values']],
  [/must be a valid enum value$/, 'oneOf', ['values']],
  [/must be salary or bonus$/, 'oneOf', ['values']],
  [/must contain no more than (\d+) elements$/, 'arrayMax', ['n']],
  [/must contain at least (\d+) elements$/, 'arrayMin', ['n']],
  [/should not be empty array|must contain at least 1 elements$/, 'arrayMin', ['n']],
  [/All \S+'s elements must be unique$/, 'arrayUnique', []],
  [/must be an array$/, 'array', []],
  [/must be (\d+) digits$/, 'digits', ['n']],
  [/must be 6-12 half-width letters and digits with at least one of each$/, 'loginId', []],
  [/must be an ip address|IP address or CIDR/i, 'ip', []],
  [/must match .* regular expression$/, 'pattern', []],
  [/^property \S+ should not exist$/, 'unknownField', []],
];

/** The constraint behind one of the API's field sentences. */
export function constraintOf(message: string): ConstraintMatch {
  for (const [pattern, constraint, names] of RULES) {
    const m = pattern.exec(message);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      if (m[i + 1] !== undefined) params[name] = m[i + 1];
    });
    if (constraint === 'arrayMin' && params.n === undefined) params.n = '1';
    return { constraint, params };
  }
  return { constraint: 'invalid', params: {} };
}

export const constraintWords: { ja: Record<Constraint, string>; en: Record<Constraint, string> } = {
  ja: {
    required: '入力してください。',
    maxLength: '{{n}} 文字以内で入力してください。',
    minLength: '{{n}} 文字以上で入力してください。',
    length: '{{min}}〜{{max}} 文字で入力してください。',
    max: '{{n}} 以下の値を入力してください。',
    min: '{{n}} 以上の値を入力してください。',
    integer: '整数で入力してください。',
    number: '数値で入力してください。',
    string: '文字列で入力してください。',
    boolean: 'はい・いいえのどちらかを指定してください。',
    email: 'メールアドレスの形式で入力してください。',
    date: '日付（YYYY-MM-DD）で入力してください。',
    id: '正しい ID を指定してください。',
    oneOf: '選択肢から選んでください。',
    arrayMax: '{{n}} 件以内で指定してください。',
    arrayMin: '{{n}} 件以上指定してください。',
    arrayUnique: '同じ値を重ねて指定できません。',
    array: '一覧で指定してください。',
    digits: '半角数字 {{n}} 桁で入力してください。',
    loginId: '半角英字と数字をそれぞれ1文字以上含む、6〜12文字で入力してください。',
    ip: 'IPアドレス（またはCIDR）の形式で入力してください。',
    pattern: '入力できない文字が含まれているか、形式が正しくありません。',
    unknownField: 'この項目は指定できません。',
    invalid: 'この項目の値が正しくありません。',
  },
  en: {
    required: 'Enter a value.',
    maxLength: 'Enter at most {{n}} characters.',
    minLength: 'Enter at least {{n}} characters.',
    length: 'Enter {{min}} to {{max}} characters.',
    max: 'Enter {{n}} or less.',
    min: 'Enter {{n}} or more.',
    integer: 'Enter a whole number.',
    number: 'Enter a number.',
    string: 'Enter text.',
    boolean: 'Choose yes or no.',
    email: 'Enter an email address.',
    date: 'Enter a date (YYYY-MM-DD).',
    id: 'Choose a valid ID.',
    oneOf: 'Choose one of the options.',
    arrayMax: 'Choose at most {{n}}.',
    arrayMin: 'Choose at least {{n}}.',
    arrayUnique: 'The same value cannot be given twice.',
    array: 'Give a list.',
    digits: 'Enter {{n}} digits.',
    loginId: 'Enter 6 to 12 half-width letters and digits, with at least one of each.',
    ip: 'Enter an IP address (or CIDR).',
    pattern: 'The value contains characters that are not allowed or is not in the right format.',
    unknownField: 'This field cannot be given.',
    invalid: 'This value is not valid.',
  },
};
