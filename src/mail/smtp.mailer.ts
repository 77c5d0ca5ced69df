import { Inject, Injectable } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '@kanri/common/config/app-config';
import { Mailer, type MailMessage } from './mailer';

/** Sends through SMTP_URL with nodemailer. */
@Injectable()
export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(@Inject(AppConfig) config: AppConfig) {
    super();
    this.transport = createTransport(config.smtpUrl!);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      from: process.env.SMTP_FROM ?? 'kanri@localhost',
    });
  }
}
