import { ErrorCode } from '../errors/error-code';
import { jsonBodyProblem, MAX_BODY_DEPTH } from './json-body-guard';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('jsonBodyProblem', () => {
  it('lets ordinary bodies through, however wide', () => {
    expect(
      jsonBodyProblem({ rows: Array.from({ length: 10_000 }, () => ({ from: 0, to: null })) }),
    ).toBeNull();
    expect(jsonBodyProblem(undefined)).toBeNull();
    expect(jsonBodyProblem(nested(MAX_BODY_DEPTH - 1))).toBeNull();
  });

  it('refuses bodies nested deeper than the limit with 400 MALFORMED_REQUEST, without recursing', () => {
    expect(jsonBodyProblem(nested(MAX_BODY_DEPTH + 1))).toMatchObject({
      status: 400,
      code: ErrorCode.MalformedRequest,
    });
    expect(jsonBodyProblem(nested(100_000))).toMatchObject({ code: ErrorCode.MalformedRequest });
  });

  it('refuses the keys class-transformer would drop unseen, as unknown fields', () => {
    const proto = JSON.parse('{"name":"x","payee":{"__proto__":{"isManager":true}}}') as unknown;
    expect(jsonBodyProblem(proto)).toMatchObject({
      status: 400,
      code: ErrorCode.ValidationFailed,
      details: { fields: { 'payee.__proto__': ['property __proto__ should not exist'] } },
    });
    expect(jsonBodyProblem({ constructor: { prototype: {} } })).toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    expect(({} as Record<string, unknown>).isManager).toBeUndefined();
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate), naming the field', () => {
    const body = JSON.parse('{"email":"x\\ud800y","payee":{"name":"ok"}}') as unknown;
    expect(jsonBodyProblem(body)).toMatchObject({
      status: 400,
      code: ErrorCode.ValidationFailed,
      details: { fields: { email: ['must be well-formed Unicode text'] } },
    });
    expect(jsonBodyProblem({ tags: ['a', 'b\udc00'] })).toMatchObject({
      details: { fields: { 'tags.1': ['must be well-formed Unicode text'] } },
    });
    expect(jsonBodyProblem({ name: '👨‍👩‍👧‍👦 e\u0301 \u202e a\u0000b' })).toBeNull();
  });
});
