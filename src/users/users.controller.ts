import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OperatorOnly } from '@kanri/access/access-rule';
import { Screen } from '@kanri/access/screen.decorator';
import { CreateAccountDto } from './dto/create-account.dto';
import { ListAccountsQuery } from './dto/list-accounts.query';
import { UserAccounts } from './user-accounts.service';

/** Accounts outside organizations, for the system operator (SPEC §4). */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: UserAccounts) {}

  /** Creates an account with no organization; the person then joins with a code or issues one. */
  @Post()
  @OperatorOnly()
  @Screen('アカウント管理')
  create(@Body() dto: CreateAccountDto) {
    return this.accounts.createAccount(dto);
  }

  /** Lists every account, login ID ascending. */
  @Get()
  @OperatorOnly()
  @Screen('アカウント管理')
  list(@Query() query: ListAccountsQuery) {
    return this.accounts.listAccounts(query.page, query.perPage);
  }
}
