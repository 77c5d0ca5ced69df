import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '@kanri/common/clock/clock';
import { AccessTokenKey } from '../access-token-key';
import { JWT_ALGORITHM, JWT_ISSUER } from '../jwt.strategy';

/** A different audience from access tokens, so an OTP token can never be used as one (and vice versa). */
const OTP_AUDIENCE = 'kanri-otp';

export interface OtpTokenClaims {
  /** The user who passed the password step. */
  userId: string;
  /** The challenge in `user_otp` this token answers. */
  challengeId: string;
}

export type ParsedOtpToken =
  | { state: 'valid'; claims: OtpTokenClaims }
  | { state: 'expired'; claims: OtpTokenClaims }
  | { state: 'invalid' };

/**
 * The `otpToken` of a sign-in waiting for its second factor (SPEC §3.2): a signed, short-lived JWT naming the user
 * and the challenge. Its expiry follows the business clock, so tests can move time.
 */
@Injectable()
export class OtpTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly tokenKey: AccessTokenKey,
  ) {}

  sign(claims: OtpTokenClaims, expiresAt: Date): Promise<string> {
    return this.jwt.signAsync(
      {
        sub: claims.userId,
        cid: claims.challengeId,
        iat: Math.floor(this.clock.now().getTime() / 1000),
        exp: Math.floor(expiresAt.getTime() / 1000),
      },
      {
        secret: this.tokenKey.key as unknown as string,
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: OTP_AUDIENCE,
      },
    );
  }

  parse(token: string): ParsedOtpToken {
    let payload: { sub?: unknown; cid?: unknown; exp?: unknown };
    try {
      payload = this.jwt.verify(token, {
        secret: this.tokenKey.key as unknown as string,
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: OTP_AUDIENCE,
        ignoreExpiration: true,
      });
    } catch {
      return { state: 'invalid' };
    }
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.cid !== 'string' ||
      typeof payload.exp !== 'number'
    ) {
      return { state: 'invalid' };
    }
    const claims = { userId: payload.sub, challengeId: payload.cid };
    const expired = payload.exp * 1000 <= this.clock.now().getTime();
    return expired ? { state: 'expired', claims } : { state: 'valid', claims };
  }
}
