import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { UsersService } from '../../users/users.service';

/** Checks a user's confirmation password (SPEC §3.1). */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
  ) {}

  async verify(userId: string, confirmationPassword: unknown): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw AppError.notFound('User');
    if (!user.confirmationHash) {
      throw new AppError(
        ErrorCode.ConfirmationPasswordNotSet,
        HttpStatus.FORBIDDEN,
        'Set a confirmation password before doing this',
      );
    }
    if (
      typeof confirmationPassword !== 'string' ||
      !(await this.hasher.verify(user.confirmationHash, confirmationPassword))
    ) {
      throw new AppError(
        ErrorCode.ConfirmationPasswordInvalid,
        HttpStatus.FORBIDDEN,
        'The confirmation password is incorrect',
      );
    }
  }
}
