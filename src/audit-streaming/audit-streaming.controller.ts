import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OperatorOnly, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Screen } from '@kanri/access/screen.decorator';
import { SYSTEM_CHAIN } from '../audit/audit-chain';
import {
  AuditStreamDestinations,
  type CreatedDestination,
  type DestinationView,
  type TestDeliveryResult,
} from './audit-stream-destinations.service';
import { CreateDestinationDto, UpdateDestinationDto } from './dto/destination.dto';

const SCREEN = '監査ログ転送設定';

/**
 * An organization's audit streaming destinations: who may read the audit trail and manage the company
 * (`audit.read` and `company.manage`) decides where it is sent; changes need the confirmation password.
 */
@ApiTags('audit-streaming')
@Controller('organizations/:orgId/audit/streams')
export class AuditStreamingController {
  constructor(private readonly destinations: AuditStreamDestinations) {}

  @Get()
  @RequirePermission(Permission.AuditRead, Permission.CompanyManage)
  @Screen(SCREEN)
  list(@CurrentActor() actor: Actor): Promise<{ items: DestinationView[] }> {
    return this.destinations.list(actor.orgId);
  }

  /** A destination with its delivery state (`delivery.failing` once it has failed for the configured time). */
  @Get(':streamId')
  @RequirePermission(Permission.AuditRead, Permission.CompanyManage)
  @Screen(SCREEN)
  get(@CurrentActor() actor: Actor, @Param('streamId') id: string): Promise<DestinationView> {
    return this.destinations.get(actor.orgId, id);
  }

  /** Registers a destination; a webhook's signing secret is in this answer only. */
  @Post()
  @RequirePermission(Permission.AuditRead, Permission.CompanyManage)
  @Confirm()
  @Screen(SCREEN)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDestinationDto): Promise<CreatedDestination> {
    return this.destinations.create(actor.orgId, actor.orgId, dto);
  }

  @Patch(':streamId')
  @RequirePermission(Permission.AuditRead, Permission.CompanyManage)
  @Confirm()
  @Screen(SCREEN)
  update(
    @CurrentActor() actor: Actor,
    @Param('streamId') id: string,
    @Body() dto: UpdateDestinationDto,
  ): Promise<DestinationView> {
    return this.destinations.update(actor.orgId, id, dto);
  }

  @Delete(':streamId')
  @RequirePermission(Permission.AuditRead, Permission.CompanyManage)
  @Confirm()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen(SCREEN)
  // The body carries only the confirmation password, which the guard has checked.
  remove(
    @CurrentActor() actor: Actor,
    @Param('streamId') id: string,
    @Body() _dto: ConfirmedDto,
  ): Promise<void> {
    return this.destinations.remove(actor.orgId, id);
  }

  /** Replaces the webhook signing secret (shown this once); deliveries are signed with the new one from now on. */
  @Post(':streamId/rotate-secret')
  @RequirePermission(Permission.AuditRead, Permission.CompanyManage)
  @Confirm()
  @HttpCode(HttpStatus.OK)
  @Screen(SCREEN, 'update')
  rotateSecret(
    @CurrentActor() actor: Actor,
    @Param('streamId') id: string,
    @Body() _dto: ConfirmedDto,
  ): Promise<{ secret: string }> {
    return this.destinations.rotateSecret(actor.orgId, id);
  }

  /** Sends one `test` event (outside the chains) and reports whether the receiver acknowledged it. */
  @Post(':streamId/test')
  @RequirePermission(Permission.AuditRead, Permission.CompanyManage)
  @HttpCode(HttpStatus.OK)
  @Screen(SCREEN, 'search')
  test(@CurrentActor() actor: Actor, @Param('streamId') id: string): Promise<TestDeliveryResult> {
    return this.destinations.testDelivery(actor.orgId, id);
  }
}

/** The system's destinations (the `system` chains: operator actions outside organizations, unknown sign-ins). */
@ApiTags('audit-streaming')
@Controller('system/audit/streams')
export class SystemAuditStreamingController {
  constructor(private readonly destinations: AuditStreamDestinations) {}

  @Get()
  @OperatorOnly()
  @Screen(SCREEN)
  list(): Promise<{ items: DestinationView[] }> {
    return this.destinations.list(SYSTEM_CHAIN);
  }

  @Get(':streamId')
  @OperatorOnly()
  @Screen(SCREEN)
  get(@Param('streamId') id: string): Promise<DestinationView> {
    return this.destinations.get(SYSTEM_CHAIN, id);
  }

  @Post()
  @OperatorOnly()
  @Confirm()
  @Screen(SCREEN)
  create(@Body() dto: CreateDestinationDto): Promise<CreatedDestination> {
    return this.destinations.create(SYSTEM_CHAIN, null, dto);
  }

  @Patch(':streamId')
  @OperatorOnly()
  @Confirm()
  @Screen(SCREEN)
  update(@Param('streamId') id: string, @Body() dto: UpdateDestinationDto): Promise<DestinationView> {
    return this.destinations.update(SYSTEM_CHAIN, id, dto);
  }

  @Delete(':streamId')
  @OperatorOnly()
  @Confirm()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen(SCREEN)
  remove(@Param('streamId') id: string, @Body() _dto: ConfirmedDto): Promise<void> {
    return this.destinations.remove(SYSTEM_CHAIN, id);
  }

  @Post(':streamId/rotate-secret')
  @OperatorOnly()
  @Confirm()
  @HttpCode(HttpStatus.OK)
  @Screen(SCREEN, 'update')
  rotateSecret(@Param('streamId') id: string, @Body() _dto: ConfirmedDto): Promise<{ secret: string }> {
    return this.destinations.rotateSecret(SYSTEM_CHAIN, id);
  }

  @Post(':streamId/test')
  @OperatorOnly()
  @HttpCode(HttpStatus.OK)
  @Screen(SCREEN, 'search')
  test(@Param('streamId') id: string): Promise<TestDeliveryResult> {
    return this.destinations.testDelivery(SYSTEM_CHAIN, id);
  }
}
