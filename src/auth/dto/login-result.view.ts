import { ApiProperty } from '@nestjs/swagger';

/** The answer to a successful sign-in without a second factor (SPEC §3.2). */
export class LoginResultView {
  /**
   * Bearer token for `Authorization: Bearer ...`. Absent when the request carried `X-Kanri-Console: 1`: the web
   * console gets it in an HttpOnly session cookie instead.
   */
  @ApiProperty({ required: false })
  accessToken!: string;
  /** Seconds until the token expires (the session may end sooner through inactivity or logout). */
  @ApiProperty({ type: 'integer' })
  expiresIn!: number;
  /** When true, only password change, logout and me are allowed until the password is changed. */
  passwordChangeRequired!: boolean;
}
