import { base32Encode, OtpService } from './otp.service';

describe('OtpService (SPEC §3.3)', () => {
  const otp = new OtpService();
  /** The RFC 6238 appendix B SHA-1 seed. */
  const rfcSecret = Buffer.from('12345678901234567890', 'ascii');

  it('computes RFC 6238 codes (6-digit truncation of the appendix B vectors)', () => {
    expect(otp.totpAt(rfcSecret, otp.stepAt(new Date(59_000)))).toBe('287082');
    expect(otp.totpAt(rfcSecret, otp.stepAt(new Date(1_111_111_109_000)))).toBe('081804');
    expect(otp.totpAt(rfcSecret, otp.stepAt(new Date(2_000_000_000_000)))).toBe('279037');
  });

  it('encodes secrets as RFC 4648 base32 for authenticator apps', () => {
    expect(base32Encode(rfcSecret)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(otp.base32(otp.newTotpSecret())).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('accepts the current step and one step either side, nothing further', () => {
    const now = new Date(1_700_000_000_000);
    const step = otp.stepAt(now);
    for (const s of [step - 1, step, step + 1]) {
      expect(otp.verifyTotp(rfcSecret, otp.totpAt(rfcSecret, s), now, null)).toBe(s);
    }
    expect(otp.verifyTotp(rfcSecret, otp.totpAt(rfcSecret, step - 2), now, null)).toBeNull();
    expect(otp.verifyTotp(rfcSecret, otp.totpAt(rfcSecret, step + 2), now, null)).toBeNull();
  });

  it('refuses a code at or before the last accepted step (a code works once)', () => {
    const now = new Date(1_700_000_000_000);
    const step = otp.stepAt(now);
    const code = otp.totpAt(rfcSecret, step);
    expect(otp.verifyTotp(rfcSecret, code, now, null)).toBe(step);
    expect(otp.verifyTotp(rfcSecret, code, now, step)).toBeNull();
    expect(otp.verifyTotp(rfcSecret, otp.totpAt(rfcSecret, step + 1), now, step)).toBe(step + 1);
  });

  it('refuses malformed codes', () => {
    const now = new Date(1_700_000_000_000);
    for (const code of ['', '12345', '1234567', 'abcdef', ' 12345']) {
      expect(otp.verifyTotp(rfcSecret, code, now, null)).toBeNull();
    }
  });

  it('makes 6-digit email codes and checks them only against their own challenge', () => {
    const code = otp.newEmailCode();
    expect(code).toMatch(/^\d{6}$/);
    const digest = otp.emailCodeDigest('challenge-1', code);
    expect(digest).not.toContain(code);
    expect(otp.emailCodeMatches(digest, 'challenge-1', code)).toBe(true);
    expect(otp.emailCodeMatches(digest, 'challenge-2', code)).toBe(false);
    expect(otp.emailCodeMatches(digest, 'challenge-1', code === '000000' ? '000001' : '000000')).toBe(false);
  });

  it('builds an otpauth URL and a QR code data URL', async () => {
    const url = otp.otpauthUrl(rfcSecret, 'user01', 'Kanri');
    expect(url).toMatch(/^otpauth:\/\/totp\/Kanri:user01\?/);
    expect(url).toContain('secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(url).toContain('issuer=Kanri');
    expect(await otp.qrCodeDataUrl(url)).toMatch(/^data:image\/png;base64,/);
  });
});
