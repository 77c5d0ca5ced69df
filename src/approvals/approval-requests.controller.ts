import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Confirm } from '@kanri/access/confirm.decorator';
import { type RequestPage, ApprovalRequestsService } from './approval-requests.service';
import {
  ApproveRequestDto,
  ApproverCandidateListDto,
  ApproverCandidatesQuery,
  CreateRequestDto,
  ListRequestsQuery,
  RejectRequestDto,
} from './dto/request.dto';
import type { RequestView } from './request.view';

/**
 * Requests and their approval (依頼・承認, SPEC §5). The permission a route needs depends on the request's business
 * (`approvals.request.<business>`, `approvals.approve.<business>`), known only from the body or the stored request,
 * so the routes admit members and the service checks it — before anything changes.
 */
@ApiTags('approvals')
@Controller('organizations/:orgId/requests')
export class ApprovalRequestsController {
  constructor(private readonly requests: ApprovalRequestsService) {}

  /** 依頼: checks permissions, approvers, usable account and limits; stores the fee. `none` mode: approved at once. */
  @Post()
  @Authenticated()
  @Screen('依頼')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRequestDto): Promise<RequestView> {
    return this.requests.create(actor, dto);
  }

  /** `view=mine` (default), `awaiting` (my turn to approve), `all` (全取引照会, approvals.view_all). */
  @Get()
  @Authenticated()
  @Screen('取引照会')
  list(@CurrentActor() actor: Actor, @Query() query: ListRequestsQuery): Promise<RequestPage> {
    return this.requests.list(actor, query);
  }

  /**
   * 承認者の指定: the members a request of `businessType` may name as approvers (active, holding
   * approvals.approve.<business>, not the caller), for a caller who may request that business.
   */
  @Get('approver-candidates')
  @Authenticated()
  @Screen('依頼')
  approverCandidates(
    @CurrentActor() actor: Actor,
    @Query() query: ApproverCandidatesQuery,
  ): Promise<ApproverCandidateListDto> {
    return this.requests.approverCandidates(actor, query.businessType);
  }

  /** Visible to the requester, its approvers and approvals.view_all holders; 404 to others. */
  @Get(':requestId')
  @Authenticated()
  @Screen('取引照会')
  get(@CurrentActor() actor: Actor, @Param('requestId') id: string): Promise<RequestView> {
    return this.requests.get(actor, id);
  }

  /** 承認, with the confirmation password; the last approval re-checks the limits. */
  @Post(':requestId/approve')
  @Authenticated()
  @Confirm()
  @HttpCode(HttpStatus.OK)
  @Screen('承認', 'update')
  approve(
    @CurrentActor() actor: Actor,
    @Param('requestId') id: string,
    @Body() _dto: ApproveRequestDto,
  ): Promise<RequestView> {
    return this.requests.approve(actor, id);
  }

  /** 差戻し (reject) with a reason, by a named approver in turn. */
  @Post(':requestId/reject')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @Screen('承認', 'update')
  reject(
    @CurrentActor() actor: Actor,
    @Param('requestId') id: string,
    @Body() dto: RejectRequestDto,
  ): Promise<RequestView> {
    return this.requests.reject(actor, id, dto.reason);
  }

  /** 引き戻し: the requester, while no approval is recorded. */
  @Post(':requestId/withdraw')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @Screen('依頼', 'update')
  withdraw(@CurrentActor() actor: Actor, @Param('requestId') id: string): Promise<RequestView> {
    return this.requests.withdraw(actor, id);
  }
}
