import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { newId } from '@kanri/common/ids/new-id';
import { Mailer, type MailMessage } from './mailer';
import { OutboxMessage } from './outbox-message.entity';

/** Keeps mail in the `mail_outbox` table instead of sending it (the default adapter). */
@Injectable()
export class OutboxMailer extends Mailer {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async send(message: MailMessage, em?: EntityManager): Promise<void> {
    const now = this.clock.now();
    const row: OutboxMessage = {
      id: newId(now.getTime()),
      recipient: message.to,
      subject: message.subject.slice(0, 255),
      body: message.text,
      createdAt: now,
    };
    if (em) await em.insert(OutboxMessage, row);
    else await this.tx.run((m) => m.insert(OutboxMessage, row));
  }
}
