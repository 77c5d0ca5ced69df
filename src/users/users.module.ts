import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserNameTerm } from './search/user-name-term.entity';
import { UserAttribute } from './search/user-attribute.entity';
import { UserSearchIndex } from './search/user-search-index';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, UserNameTerm, UserAttribute])],
  controllers: [UsersController],
  providers: [UsersService, UserSearchIndex],
  exports: [UsersService, UserSearchIndex],
})
export class UsersModule {}
