import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '@kanri/access/actor';
import { AccessTokenKey } from './access-token-key';
import { SessionsService } from './sessions.service';
import { consoleSessionToken } from './console-session-cookie';

export const JWT_ISSUER = 'kanri';
export const JWT_AUDIENCE = 'kanri-api';
export const JWT_ALGORITHM = 'HS256';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/**
 * Verifies the bearer token (HS256 only, `iss`/`aud`/`exp` checked) and then its session row, so logout,
 * disabling, deletion and password changes take effect on the very next request (SPEC §0 "Auth").
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    tokenKey: AccessTokenKey,
    private readonly sessions: SessionsService,
  ) {
    super({
      // A bearer token first; else the console's session cookie, read only with its header (console-session-cookie.ts).
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        consoleSessionToken,
      ]),
      secretOrKey: tokenKey.key as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    if (typeof claims?.sid !== 'string' || typeof claims?.sub !== 'string') return false;
    return (await this.sessions.resolve(claims.sid, claims.sub)) ?? false;
  }
}
