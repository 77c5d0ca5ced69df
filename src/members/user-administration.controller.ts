import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UploadedFile,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '@kanri/common/errors/app-error';
import { requestIdOf } from '@kanri/common/http/request-id.middleware';
import { Screen } from '@kanri/access/screen.decorator';
import { ManagerOnly, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { ConfirmedUpload } from '../auth/confirmation/confirmed-upload';
import { requestOrigin } from '@kanri/access/request-origin';
import { BulkActionsService } from './bulk-actions.service';
import { BulkActionDto } from './dto/bulk-action.dto';
import { CreateOrganizationUserDto } from './dto/create-organization-user.dto';
import { ImportUsersForm, ImportUsersQuery } from './dto/import-users.dto';
import { ExportUsersQuery, ListOrganizationUsersQuery } from './dto/list-organization-users.query';
import { UpdateOrganizationUserDto } from './dto/update-organization-user.dto';
import { UsageStopDateDto, UsageStopDatesQuery } from './dto/usage-stop-date.dto';
import { UserExportService } from './export/user-export.service';
import { UserImportService } from './import/user-import.service';
import { OrganizationUsersService } from './organization-users.service';
import { UsageStopService } from './usage-stop.service';
import { UserListService } from './user-list.service';

const LIST = 'ユーザー一覧';
const IMPORT = 'ユーザーインポート';
/**
 * Largest accepted upload. 10,000 rows of the widest legal values stay below it; beyond it the file certainly
 * holds too much, answered like too many rows (413 IMPORT_TOO_LARGE) before it is read to the end.
 */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
const STOP_DATES = '利用停止日';

/**
 * Organization user administration (SPEC §4). The fixed paths (bulk, usage-stop-dates, import, export) are
 * declared before `:userId`, so that Express matches them first.
 */
@ApiTags('users')
@Controller('organizations/:orgId/users')
export class UserAdministrationController {
  constructor(
    private readonly users: OrganizationUsersService,
    private readonly list: UserListService,
    private readonly bulk: BulkActionsService,
    private readonly stopDates: UsageStopService,
    private readonly imports: UserImportService,
    private readonly exports: UserExportService,
  ) {}

  /** ユーザー一覧: search, filters, sort, pages of 25/50/100. */
  @Get()
  @RequirePermission(Permission.UsersManage)
  @Screen(LIST)
  find(@CurrentActor() actor: Actor, @Query() query: ListOrganizationUsersQuery) {
    return this.list.list(actor, query);
  }

  /** ユーザー作成 (confirm). */
  @Post()
  @RequirePermission(Permission.UsersManage)
  @Confirm()
  @Screen(LIST, 'register')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganizationUserDto) {
    return this.users.create(actor, dto);
  }

  /** 一括削除・無効化・有効化 (confirm): all or nothing. */
  @Post('bulk')
  @RequirePermission(Permission.UsersManage)
  @Confirm()
  @Screen(LIST, 'update')
  @HttpCode(200)
  runBulk(@CurrentActor() actor: Actor, @Body() dto: BulkActionDto, @Req() req: Request) {
    return this.bulk.run(actor, dto.action, dto.userIds, {
      ...requestOrigin(req),
      requestId: requestIdOf(req),
    });
  }

  /** ユーザー利用停止日一覧 (managers). */
  @Get('usage-stop-dates')
  @ManagerOnly()
  @Screen(STOP_DATES)
  usageStopDates(@CurrentActor() actor: Actor, @Query() query: UsageStopDatesQuery) {
    return this.stopDates.list(actor, query);
  }

  /**
   * ユーザーインポート: multipart `file` (CSV) and `confirmationPassword`; answers 202 with the job id. The
   * confirmation password is checked by @ConfirmedUpload once the multipart body is read.
   */
  @Post('import')
  @RequirePermission(Permission.UsersImport)
  @Screen(IMPORT, 'register')
  @ConfirmedUpload(MAX_IMPORT_BYTES)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'confirmationPassword'],
      properties: { file: { type: 'string', format: 'binary' }, confirmationPassword: { type: 'string' } },
    },
  })
  @HttpCode(202)
  async startImport(
    @CurrentActor() actor: Actor,
    @Body() _form: ImportUsersForm,
    @Query() query: ImportUsersQuery,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: Request,
  ) {
    if (!file) throw AppError.validation({ file: ['send the CSV file in the multipart field "file"'] });
    return this.imports.start(
      actor,
      { userId: actor.userId, loginId: actor.loginId, ...requestOrigin(req), requestId: requestIdOf(req) },
      file,
      query.encoding,
    );
  }

  /** The import's progress: `{state, processed, total, errors, …}`. */
  @Get('import/:jobId')
  @RequirePermission(Permission.UsersImport)
  @Screen(IMPORT)
  importJob(@CurrentActor() actor: Actor, @Param('jobId') jobId: string) {
    return this.imports.view(actor.orgId, jobId);
  }

  /** エクスポート: the list's search and filters; UTF-8 with BOM, or `?encoding=sjis`. */
  @Get('export')
  @RequirePermission(Permission.UsersExport)
  @Screen(LIST, 'export')
  async export(@CurrentActor() actor: Actor, @Query() query: ExportUsersQuery, @Res() res: Response) {
    await this.exports.send(actor, query, res);
  }

  /** ユーザー詳細. */
  @Get(':userId')
  @RequirePermission(Permission.UsersManage)
  @Screen(LIST)
  get(@CurrentActor() actor: Actor, @Param('userId') userId: string) {
    return this.users.get(actor, userId);
  }

  /** ユーザー更新 (confirm): only the fields present change. */
  @Patch(':userId')
  @RequirePermission(Permission.UsersManage)
  @Confirm()
  @Screen(LIST, 'update')
  update(
    @CurrentActor() actor: Actor,
    @Param('userId') userId: string,
    @Body() dto: UpdateOrganizationUserDto,
  ) {
    return this.users.update(actor, userId, dto);
  }

  /** 削除 (confirm; the body carries the confirmation password). Nobody deletes themselves. */
  @Delete(':userId')
  @RequirePermission(Permission.UsersManage)
  @Confirm()
  @Screen(LIST, 'delete')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('userId') userId: string, @Body() _dto: ConfirmedDto) {
    await this.users.remove(actor, userId);
  }

  /** A fresh invitation mail for a provisional user (仮登録). */
  @Post(':userId/invitation')
  @RequirePermission(Permission.UsersManage)
  @Screen(LIST, 'update')
  @HttpCode(202)
  async invite(@CurrentActor() actor: Actor, @Param('userId') userId: string) {
    await this.users.invite(actor, userId);
    return { invited: true };
  }

  /** 利用停止日の設定 (managers): `{date: "YYYY-MM-DD" | null}`. */
  @Put(':userId/usage-stop-date')
  @ManagerOnly()
  @Screen(STOP_DATES, 'update')
  setUsageStopDate(
    @CurrentActor() actor: Actor,
    @Param('userId') userId: string,
    @Body() dto: UsageStopDateDto,
  ) {
    return this.stopDates.set(actor, userId, dto.date);
  }
}
