import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';

/** The answers of the sign-in flows (SPEC §3.2–§3.5), built in one place so every path says the same thing. */

/** Unknown user and wrong password: one body, so the answer does not reveal which login IDs exist. */
export const invalidCredentials = () =>
  new AppError(
    ErrorCode.InvalidCredentials,
    HttpStatus.UNAUTHORIZED,
    'The login ID or password is incorrect',
  );

/** `lockedUntil` null = until an administrator unlocks. */
export const accountLocked = (lockedUntil: Date | null) =>
  new AppError(ErrorCode.AccountLocked, HttpStatus.LOCKED, 'This account is locked', {
    lockedUntil: lockedUntil?.toISOString() ?? null,
  });

export const ipNotAllowed = () =>
  new AppError(ErrorCode.IpNotAllowed, HttpStatus.FORBIDDEN, 'Sign-in from this address is not allowed');

export const otpInvalid = () =>
  new AppError(ErrorCode.OtpInvalid, HttpStatus.UNAUTHORIZED, 'The one-time password is incorrect');

export const otpExpired = () =>
  new AppError(
    ErrorCode.OtpExpired,
    HttpStatus.UNAUTHORIZED,
    'The one-time password has expired; sign in again',
  );

export const otpLocked = () =>
  new AppError(
    ErrorCode.OtpLocked,
    HttpStatus.LOCKED,
    'One-time passwords are suspended for this account until an administrator lifts the suspension',
  );

export const authTokenInvalid = () =>
  new AppError(
    ErrorCode.AuthTokenInvalid,
    HttpStatus.BAD_REQUEST,
    'This link is invalid, already used or expired',
  );
