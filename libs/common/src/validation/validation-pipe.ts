import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from '../errors/validation-errors';

interface Validated {
  metatype: unknown;
  /** The body's JSON when it was validated: any later change (an interceptor's normalization) means validate again. */
  snapshot: string;
  instance: unknown;
}

/**
 * Kanri's validation pipe. A JSON body validated by BodyValidationGuard (so that guards judging the body see a
 * valid one) is handed to the handler as the instance the guard made, provided the body is still the same (same
 * object, same JSON) and the DTO type is the same: each body is validated once per request. Anything else,
 * including a body changed after the guard, is validated here as usual.
 */
export class KanriValidationPipe extends ValidationPipe {
  private readonly validated = new WeakMap<object, Validated>();

  /** Validates `body` as `metatype` and keeps the result for this request's pipe. */
  async validateBody(body: unknown, metatype: ArgumentMetadata['metatype']): Promise<void> {
    const instance: unknown = await super.transform(body, { type: 'body', metatype });
    if (body !== null && typeof body === 'object') {
      this.validated.set(body, { metatype, snapshot: JSON.stringify(body), instance });
    }
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== null && typeof value === 'object') {
      const kept = this.validated.get(value);
      if (kept && kept.metatype === metadata.metatype && kept.snapshot === JSON.stringify(value)) {
        this.validated.delete(value);
        return kept.instance;
      }
    }
    return super.transform(value, metadata);
  }
}

const options = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationExceptionFactory,
};

/** The one store the guard fills and the global pipe reads (both are made by createValidationPipe). */
const shared = new KanriValidationPipe(options);

/**
 * The one validation Kanri runs on every body, query and parameter DTO: unknown fields are refused (400), values
 * are transformed to their declared types, and errors come out in the SPEC shape.
 */
export function createValidationPipe(): KanriValidationPipe {
  return shared;
}
