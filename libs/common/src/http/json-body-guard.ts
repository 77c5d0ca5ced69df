import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';

/**
 * Deepest nesting a JSON request body may have. Kanri's DTOs nest three levels; a body nested thousands of levels
 * deep is still valid JSON, and class-transformer's recursion overflowed the stack on it (a 500) before the
 * ValidationPipe could refuse it.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Keys that class-transformer drops silently before validation, so `forbidNonWhitelisted` never sees them: SPEC §0
 * says unknown fields are rejected, not ignored, and these are also the prototype-pollution shapes.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Text that is not well-formed UTF-16 (a lone surrogate, which JSON's `\ud800` escape can carry) is not text: it
 * cannot be stored in utf8mb4 without being altered, and validator.js's `isEmail` threw a URIError on it (a 500).
 */
function isWellFormedText(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/** Why a parsed JSON body must be refused before it reaches the pipes, or null. Iterative: no recursion to overflow. */
export function jsonBodyProblem(body: unknown): AppError | null {
  const pending: { node: unknown; depth: number; path: string }[] = [{ node: body, depth: 1, path: '' }];
  while (pending.length) {
    const { node, depth, path } = pending.pop()!;
    if (typeof node === 'string') {
      if (!isWellFormedText(node))
        return AppError.validation({ [path || 'body']: ['must be well-formed Unicode text'] });
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) {
      return new AppError(
        ErrorCode.MalformedRequest,
        HttpStatus.BAD_REQUEST,
        `The request body is nested deeper than ${MAX_BODY_DEPTH} levels`,
      );
    }
    const isArray = Array.isArray(node);
    for (const key of Object.keys(node)) {
      const child = path ? `${path}.${key}` : key;
      if (!isArray && UNSAFE_KEYS.has(key))
        return AppError.validation({ [child]: [`property ${key} should not exist`] });
      pending.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1, path: child });
    }
  }
  return null;
}

/**
 * Runs right after the JSON body parser; its refusals go through the global filter like any other error. A request
 * without a body (every GET) has nothing to walk and is passed on at once.
 */
export function jsonBodyGuard(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body === undefined) return next();
  next(jsonBodyProblem(body) ?? undefined);
}
