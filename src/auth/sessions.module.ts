import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/**
 * Server-side sessions on their own, so that whatever must end a user's sessions (lockout, disabling, deletion,
 * password changes) can import this without the whole sign-in module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Session]), UsersModule],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
