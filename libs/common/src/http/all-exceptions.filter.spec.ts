import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from '../errors/app-error';
import { toErrorBody } from './all-exceptions.filter';
import { ErrorCode } from '../errors/error-code';

describe('toErrorBody (SPEC §0 "Errors")', () => {
  it('keeps an AppError as it is', () => {
    const body = toErrorBody(
      AppError.unprocessable(ErrorCode.ManagerCapExceeded, 'cap', {
        memberCount: 5,
        maxManagers: 1,
        requested: 2,
      }),
    );
    expect(body).toEqual({
      statusCode: 422,
      code: 'MANAGER_CAP_EXCEEDED',
      message: 'cap',
      details: { memberCount: 5, maxManagers: 1, requested: 2 },
    });
  });

  it('gives framework errors a stable code', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'))).toMatchObject({
      statusCode: 404,
      code: 'NOT_FOUND',
    });
    expect(toErrorBody(new BadRequestException('bad'))).toMatchObject({
      statusCode: 400,
      code: 'MALFORMED_REQUEST',
    });
  });

  it('maps duplicate keys on both drivers to 409 without SQL text', () => {
    const mysql = new QueryFailedError(
      'INSERT INTO users ...',
      [],
      Object.assign(new Error("Duplicate entry 'x' for key 'ux_users_login_id'"), {
        code: 'ER_DUP_ENTRY',
        errno: 1062,
      }),
    );
    const sqlite = new QueryFailedError(
      'INSERT INTO users ...',
      [],
      Object.assign(new Error('UNIQUE constraint failed: users.login_id'), {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
      }),
    );
    for (const error of [mysql, sqlite]) {
      const body = toErrorBody(error);
      expect(body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
      expect(JSON.stringify(body)).not.toMatch(/INSERT|users|login_id/);
    }
  });

  it('answers a lost database with 503 DATABASE_UNAVAILABLE', () => {
    expect(
      toErrorBody(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' })),
    ).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
  });

  it('hides anything unexpected behind a bare 500', () => {
    expect(toErrorBody(new TypeError('x is undefined at /srv/app.js:1'))).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
    });
  });
});
