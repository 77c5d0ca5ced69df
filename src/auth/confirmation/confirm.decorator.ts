import { SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { ConfirmationGuard } from './confirmation.guard';

export const CONFIRM_KEY = 'kanri:confirm';

/**
 * Marks an operation that needs the caller's confirmation password (確認用パスワード, SPEC §3.1) in the body
 * (`confirmationPassword`, a multipart field for uploads). The body DTO should extend `ConfirmedDto`.
 */
export const Confirm = () => applyDecorators(SetMetadata(CONFIRM_KEY, true), UseGuards(ConfirmationGuard));
