import { SetMetadata } from '@nestjs/common';

export const CONFIRM_KEY = 'kanri:confirm';

/**
 * Marks an operation that needs the caller's confirmation password (確認用パスワード, SPEC §3.1) in the body
 * (`confirmationPassword`, a multipart field for uploads). The body DTO should extend `ConfirmedDto`. Metadata
 * only: the confirmation guard of the global guard chain (src/auth) reads it.
 */
export const Confirm = () => SetMetadata(CONFIRM_KEY, true);
