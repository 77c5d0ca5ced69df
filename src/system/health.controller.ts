import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '@kanri/access/access-rule';

@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Liveness and database reachability, for load balancers. */
  @Get()
  @Public()
  async health(): Promise<{ status: 'ok'; database: string }> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok', database: String(this.dataSource.options.type) };
  }

  /**
   * Liveness alone: the process answers, nothing is read. It passes every guard, interceptor and pipe of the app
   * (all public routes do), which makes it the no-op route `bench:floor` measures Kanri's own pipeline with.
   */
  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
