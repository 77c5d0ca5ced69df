import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccessRuleGuard } from './authorization/access-rule.guard';
import { JwtAuthGuard } from './authorization/jwt-auth.guard';
import { OrganizationScopeGuard } from './authorization/organization-scope.guard';
import { JwtStrategy } from './jwt.strategy';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/**
 * Sign-in and the global guard chain, in order: token → organization scope → access rule
 * (ARCHITECTURE "Authorization: secure by default").
 */
@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature([Session]),
    UsersModule,
    OrganizationsModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: OrganizationScopeGuard },
    { provide: APP_GUARD, useClass: AccessRuleGuard },
  ],
  exports: [SessionsService],
})
export class AuthModule {}
