import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserNameTerm } from './search/user-name-term.entity';
import { UserAttribute } from './search/user-attribute.entity';
import { UserSearchIndex } from './search/user-search-index';
import { TagSetCounts } from './search/tag-set-counts';
import { UserAccounts } from './user-accounts.service';
import { UserDirectory } from './user-directory.service';
import { User } from './user.entity';
import { MemberAccounts } from './member-accounts.service';
import { MemberCounts } from './member-counts';
import { UserMemberships } from './user-memberships.service';
import { UsersController } from './users.controller';

/**
 * The account rows and their search index. Four services, one per kind of caller: UserAccounts (sign-in, the
 * operator, certificates), UserMemberships (organizations and members, inside their transactions), MemberAccounts
 * (member administration's statements, inside its transactions), UserDirectory (the audit trail's reads).
 */
@Module({
  imports: [TypeOrmModule.forFeature([User, UserNameTerm, UserAttribute])],
  controllers: [UsersController],
  providers: [
    UserAccounts,
    UserMemberships,
    MemberAccounts,
    MemberCounts,
    UserDirectory,
    UserSearchIndex,
    TagSetCounts,
  ],
  exports: [UserAccounts, UserMemberships, MemberAccounts, MemberCounts, UserDirectory, UserSearchIndex],
})
export class UsersModule {}
