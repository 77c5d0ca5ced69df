import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Screen } from '@kanri/access/screen.decorator';
import { VaultInputGuard } from './leak-guard/vault-input.guard';
import { type Caller, VaultCaller } from './caller';
import { RecordFilterQuery } from './dto/list.query';
import { CreateRecordDto, UpdateRecordDto } from './dto/record.dto';
import { PersonalNumbersService } from './personal-numbers.service';

/**
 * Individual-number records of an organization (SPEC §8; manual: 権限ユーザーによるマイナンバー情報(社員・家族)の
 * 登録・変更・照会・削除). Lists and GET show a masked number; only reveal returns one. Lists need any
 * personal_numbers permission (checked in the service); the subtree limit of personal-number-reach.ts applies to
 * every route.
 */
@ApiTags('personal-numbers')
@Controller('organizations/:orgId/personal-numbers')
@UseGuards(VaultInputGuard)
export class PersonalNumbersController {
  constructor(private readonly records: PersonalNumbersService) {}

  /** Registers the employee's own record or a family member's (a new 社員番号 creates the employee). */
  @Post()
  @RequirePermission(Permission.PersonalNumbersWrite)
  @Screen('マイナンバー登録')
  create(@VaultCaller() caller: Caller, @Body() dto: CreateRecordDto) {
    return this.records.create(caller, dto);
  }

  /** Records in employee-code order, self first; `maskedNumber` never shows a digit. */
  @Get()
  @Authenticated()
  @Screen('マイナンバー照会')
  list(@CurrentActor() actor: Actor, @Query() query: RecordFilterQuery) {
    return this.records.list(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @Screen('マイナンバー照会')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.records.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.PersonalNumbersWrite)
  @Screen('マイナンバー変更')
  update(@VaultCaller() caller: Caller, @Param('id') id: string, @Body() dto: UpdateRecordDto) {
    return this.records.update(caller, id, dto);
  }

  @Delete(':id')
  @RequirePermission(Permission.PersonalNumbersWrite)
  @Screen('マイナンバー削除')
  @HttpCode(204)
  async remove(@VaultCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    await this.records.remove(caller, id);
  }

  /** Shows the number. Every call is recorded (operation history and the handling log: who, when, whose). */
  @Post(':id/reveal')
  @RequirePermission(Permission.PersonalNumbersRead)
  @Screen('マイナンバー照会', 'search')
  @HttpCode(200)
  reveal(@VaultCaller() caller: Caller, @Param('id') id: string) {
    return this.records.reveal(caller, id);
  }
}
