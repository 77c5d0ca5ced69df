import type { EntityManager } from 'typeorm';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * The mailer port (SPEC §3.7). Adapters: the outbox table (default; read by tests and development through
 * `GET /api/v1/system/outbox`) and SMTP (when SMTP_URL is set). Pass the caller's `em`: the outbox row commits
 * with the change that caused it, and the SMTP adapter holds the mail until that transaction commits (and drops it
 * on rollback), so retried or refused transactions never send mail.
 */
export abstract class Mailer {
  abstract send(message: MailMessage, em?: EntityManager): Promise<void>;
}
