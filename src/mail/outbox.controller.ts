import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { AppError } from '@kanri/common/errors/app-error';
import { OperatorOnly } from '@kanri/access/access-rule';
import { Screen } from '@kanri/access/screen.decorator';
import { OutboxMessage } from './outbox-message.entity';

class OutboxQuery {
  /** Only mail to this address. */
  @IsOptional()
  @IsString()
  @MaxLength(254)
  to?: string;
}

@ApiTags('system')
@Controller('system/outbox')
export class OutboxController {
  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** The newest 100 outbox messages (development and tests only; off in production, SPEC §3.7). */
  @Get()
  @OperatorOnly()
  @Screen('メール送信箱')
  async list(@Query() query: OutboxQuery) {
    if (this.config.production) throw AppError.notFound('Route');
    const rows = await this.outbox.find({
      where: query.to ? { recipient: query.to } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 100,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        to: r.recipient,
        subject: r.subject,
        text: r.body,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }
}
