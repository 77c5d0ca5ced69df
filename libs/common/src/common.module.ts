import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { Clock } from './clock/clock';

/** The validated configuration and the business clock, available everywhere. */
@Global()
@Module({})
export class CommonModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: AppConfig, useValue: config }, Clock],
      exports: [AppConfig, Clock],
    };
  }
}
