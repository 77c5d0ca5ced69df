import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@kanri/common/config/app-config';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { JobRun } from '@kanri/common/jobs/job-run.entity';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { BookkeepingPruning } from './bookkeeping-pruning';
import { BookkeepingPruningJob } from './bookkeeping-pruning.job';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';

/**
 * The database connection, with migrations applied before anything else can use it, plus the transaction
 * helper and the job runner that every module shares, and the job that prunes their bookkeeping rows.
 */
@Global()
@Module({})
export class DatabaseModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config.database), autoLoadEntities: true }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await runMigrations(dataSource);
            return dataSource;
          },
        }),
        TypeOrmModule.forFeature([JobRun]),
      ],
      providers: [TransactionService, JobRunner, BookkeepingPruning, BookkeepingPruningJob],
      exports: [TransactionService, JobRunner],
    };
  }
}
