import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import type { AppConfig } from '@kanri/common/config/app-config';
import { Mailer, type MailMessage } from './mailer';

/**
 * Sends through SMTP_URL with nodemailer. Mail passed with a transaction's `em` is held until that transaction
 * commits (TypeORM's after-commit event) and dropped if it rolls back, so a deadlock retry never mails twice and a
 * refused change never mails at all. A delivery failure after the commit is logged, not thrown: the change stands.
 */
export class SmtpMailer extends Mailer implements EntitySubscriberInterface {
  private readonly logger = new Logger('SmtpMailer');
  private readonly held = new WeakMap<QueryRunner, MailMessage[]>();

  constructor(
    config: AppConfig,
    dataSource: DataSource,
    private readonly transport: Transporter = createTransport(config.smtpUrl!),
    private readonly from = config.smtpFrom,
  ) {
    super();
    dataSource.subscribers.push(this);
  }

  async send(message: MailMessage, em?: EntityManager): Promise<void> {
    const runner = em?.queryRunner;
    if (runner?.isTransactionActive) {
      const list = this.held.get(runner) ?? [];
      list.push(message);
      this.held.set(runner, list);
      return;
    }
    await this.deliver(message);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const list = event.queryRunner && this.held.get(event.queryRunner);
    if (!list) return;
    this.held.delete(event.queryRunner);
    for (const message of list) {
      try {
        await this.deliver(message);
      } catch (error) {
        // Never the body: it may carry a code or a token.
        this.logger.error(`mail to ${message.to} ("${message.subject}") failed: ${(error as Error).message}`);
      }
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner) this.held.delete(event.queryRunner);
  }

  private async deliver(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      from: this.from,
    });
  }
}
