import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { serverNames, validCommonName } from './subject-names';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe(ErrorCode.CertificateNameInvalid);
    expect(appError.status).toBe(HttpStatus.UNPROCESSABLE_ENTITY);
    return appError;
  }
  throw new Error('expected a refusal');
}

const noCsrNames = { requestedDnsNames: [], commonName: null };

describe('common names at their edges', () => {
  it('takes 1 to 64 characters after trimming', () => {
    expect(validCommonName('a')).toBe('a');
    expect(validCommonName('x'.repeat(64))).toBe('x'.repeat(64));
    expect(validCommonName(` ${'x'.repeat(64)} `)).toBe('x'.repeat(64));
    expect(refusal(() => validCommonName('x'.repeat(65))).details).toBeUndefined();
    refusal(() => validCommonName(''));
  });

  it.each(['\u0000', '\u001f', '\u007f', '\u0085', '\u009f', '\t', '\n'])(
    'refuses the control character U+%s',
    (c) => {
      refusal(() => validCommonName(`a${c}b`));
    },
  );

  it.each([' ', '~', '\u00a0', '\u00a9', '山', '😀'])('takes the printable character %j', (c) => {
    expect(validCommonName(`a${c}b`)).toBe(`a${c}b`);
  });
});

describe('server names at their edges', () => {
  it('takes the CSR’s names over its CN, and the given list over both, even when empty', () => {
    const csr = { requestedDnsNames: ['san.example.jp'], commonName: 'cn.example.jp' };
    expect(serverNames(undefined, csr)).toEqual({
      dnsNames: ['san.example.jp'],
      commonName: 'san.example.jp',
    });
    expect(refusal(() => serverNames([], csr)).details).toBeUndefined();
  });

  it('refuses a request with no name at all, without listing names', () => {
    expect(refusal(() => serverNames(undefined, noCsrNames)).details).toBeUndefined();
  });

  it('normalizes and de-duplicates, keeping wildcards, in the order given', () => {
    expect(
      serverNames(['B.example.jp', '*.Example.jp', 'b.example.jp.', 'a.example.jp'], noCsrNames),
    ).toEqual({
      dnsNames: ['b.example.jp', '*.example.jp', 'a.example.jp'],
      commonName: 'b.example.jp',
    });
  });

  it('makes the first name of at most 64 characters the CN, and refuses when there is none', () => {
    const long = `${'a'.repeat(61)}.jp`;
    const longer = `${'a'.repeat(62)}.jp`;
    expect(long).toHaveLength(64);
    expect(serverNames([longer, long], noCsrNames)).toEqual({ dnsNames: [longer, long], commonName: long });
    expect(refusal(() => serverNames([longer], noCsrNames)).details).toBeUndefined();
  });

  it('lists exactly the names that are not host names', () => {
    expect(refusal(() => serverNames(['ok.example.jp', '*.ok.jp', 'x..jp'], noCsrNames)).details).toEqual({
      names: ['x..jp'],
    });
  });
});
