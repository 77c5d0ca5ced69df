import { Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { Mailer } from './mailer';
import { OutboxController } from './outbox.controller';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxMailer } from './outbox.mailer';
import { SmtpMailer } from './smtp.mailer';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  controllers: [OutboxController],
  providers: [
    {
      provide: Mailer,
      inject: [AppConfig, TransactionService, Clock, getDataSourceToken()],
      useFactory: (config: AppConfig, tx: TransactionService, clock: Clock, dataSource: DataSource) =>
        config.smtpUrl ? new SmtpMailer(config, dataSource) : new OutboxMailer(tx, clock),
    },
  ],
  exports: [Mailer],
})
export class MailModule {}
