import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginHistory } from './login-history.entity';
import { LoginHistoryService } from './login-history.service';

/** Imported by every module; imports no feature module (ARCHITECTURE "Dependency rule"). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([LoginHistory])],
  providers: [LoginHistoryService],
  exports: [LoginHistoryService],
})
export class AuditModule {}
