import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { HealthController } from './health.controller';
import { OperatorBootstrapService } from './operator-bootstrap.service';

@Module({ imports: [UsersModule], controllers: [HealthController], providers: [OperatorBootstrapService] })
export class SystemModule {}
