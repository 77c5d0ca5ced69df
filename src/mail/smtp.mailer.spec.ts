import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@kanri/common/config/app-config';
import { SmtpMailer } from './smtp.mailer';

describe('SmtpMailer (SPEC §3.7)', () => {
  let dataSource: DataSource;
  let mailer: SmtpMailer;
  let sent: string[];

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    const transport = createTransport({ jsonTransport: true });
    sent = [];
    const sendMail = transport.sendMail.bind(transport);
    jest.spyOn(transport, 'sendMail').mockImplementation(((mail: { subject: string }) => {
      sent.push(mail.subject);
      return sendMail(mail);
    }) as typeof transport.sendMail);
    mailer = new SmtpMailer({ smtpUrl: 'smtp://localhost' } as AppConfig, dataSource, transport);
  });
  afterEach(() => dataSource.destroy());

  const mail = (subject: string) => ({ to: 'a@example.jp', subject, text: 'body' });

  it('sends at once outside a transaction', async () => {
    await mailer.send(mail('now'));
    expect(sent).toEqual(['now']);
  });

  it('holds mail sent inside a transaction until it commits', async () => {
    await dataSource.transaction(async (em) => {
      await mailer.send(mail('one'), em);
      await mailer.send(mail('two'), em);
      expect(sent).toEqual([]);
    });
    expect(sent).toEqual(['one', 'two']);
  });

  it('drops mail of a transaction that rolls back (a retried or refused change mails nothing)', async () => {
    await expect(
      dataSource.transaction(async (em) => {
        await mailer.send(mail('never'), em);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await dataSource.transaction(async (em) => mailer.send(mail('retry'), em));
    expect(sent).toEqual(['retry']);
  });
});
