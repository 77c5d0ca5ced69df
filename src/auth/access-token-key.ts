import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AppConfig } from '@kanri/common/config/app-config';

/**
 * The HS256 key as a KeyObject, built once. Given a string, jsonwebtoken first tries (and fails) to parse it as a
 * PEM private key on every sign and as a public key on every verify; that failed parse cost about 1 ms per
 * sign-in and per authenticated request.
 */
@Injectable()
export class AccessTokenKey {
  readonly key: KeyObject;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }
}
