import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService, type TransactionParticipant } from '@kanri/common/database/transaction.service';
import { toErrorBody } from '@kanri/common/http/all-exceptions.filter';
import { requestIdOf } from '@kanri/common/http/request-id.middleware';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor, Principal } from '@kanri/access/actor';
import { ACTOR_KEY } from '@kanri/access/current-actor.decorator';
import { requestOrigin } from '@kanri/access/request-origin';
import { AuditAppendQueue } from './audit-append.queue';
import { storable } from './audit-chain';
import { AuditChainWriter, type OperationDraft } from './audit-chain.writer';
import { type AuditContext, AuditContextStore, type AuditRoute } from './audit-context';
import { auditDetails } from './audit-masking';
import { type AuditOutcome, outcomeOf } from './audit-outcome';
import { RouteScreens } from './route-screens';
import type { OperationType } from '@kanri/access/screen.decorator';

/** The operator ID of rows written by scheduled jobs (SPEC §10 "audited as the system actor"). */
export const SYSTEM_OPERATOR_ID = 'system';

/**
 * Records operation history (操作履歴, SPEC §9): one row per API call to a route with a `@Screen`, whatever its
 * outcome. Where each row is written, and why:
 *
 * 1. A request that changes data: the interceptor arms the request's AuditContext before the handler runs; the
 *    first `TransactionService.run` of the request that commits carries the row, written as the last statement
 *    before COMMIT (`beforeCommit`). The change and its row commit together or not at all; a deadlock retry writes
 *    it again inside the new attempt.
 * 2. The handler threw: that transaction rolled back with its row; a failure row (status and error code from the
 *    same mapping as the error body) is appended in a transaction of its own. If an earlier transaction of the same
 *    request had already committed with its row, the failure is recorded as a second row, so a committed partial
 *    change and the failure both show.
 * 3. A request that committed nothing (reads, and writes that turned out to change nothing): the row is appended
 *    after the handler.
 * 4. Refused before the handler (a guard answered 401/403/404): interceptors never see these, so the context
 *    middleware listens for the response's `finish` and records them with the screen looked up from the matched
 *    route (RouteScreens).
 *
 * Cases 2–4 accompany no change, so nothing has to commit with them: they go to AuditAppendQueue (group commit: rows
 * gather until there are 64 of them or 50 ms have passed, then one short transaction writes them all) and the
 * response does not wait for them, unless the writer has fallen more than 2,000 rows behind (then requests wait:
 * backpressure). Their durability window is what is gathering or being written when a process dies — tens of
 * milliseconds; shutdown drains the queue; a change's row (case 1) is never in that window. Waiting for each read's row before answering would put a
 * group-commit transaction (five round trips) on the path of every read; bench:audit-overhead measures the price of
 * what is done instead. The department (部署・職名) of a queued row is read when its batch is written, milliseconds
 * after the call; a change's row reads it just before the change commits. Rows of scheduled jobs (`runAsSystem`)
 * and login events are awaited.
 *
 * Once a request's outcome is recorded its context is closed: work the request left running in the background (it
 * inherits the context) adds no rows of its own; a background job that should be audited on its own runs inside
 * `runAsSystem`. Requests that reach no route (unknown paths, bodies that are not JSON) are not operations and leave
 * no row.
 *
 * Organization of a row: the `:orgId` the guards resolved into an actor; else the operator's own organization;
 * else none (the `system` chain). A refused call to another organization's `:orgId` is therefore recorded in the
 * caller's organization with the requested id in the details, never in the organization it probed: an
 * unauthenticated caller must not be able to create chains for arbitrary ids.
 */
@Injectable()
export class AuditRecorder implements OnModuleInit, TransactionParticipant {
  private readonly logger = new Logger('Audit');
  private enabled = true;

  constructor(
    private readonly tx: TransactionService,
    private readonly contexts: AuditContextStore,
    private readonly queue: AuditAppendQueue,
    private readonly writer: AuditChainWriter,
    private readonly routes: RouteScreens,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.tx.setParticipant(this);
  }

  isEnabled(): boolean {
    return this.enabled;
  }

  /**
   * Benchmark baseline only (bench:audit-overhead measures auditing on against off in one process). No setting or
   * route reaches this: in Kanri auditing is always on.
   */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.contexts.disable();
  }

  /** A fresh context for a request that just arrived (the middleware). */
  begin(req: Request): AuditContext {
    const origin = requestOrigin(req);
    return {
      requestId: requestIdOf(req),
      occurredAt: this.clock.now(),
      startedAt: performance.now(),
      ip: origin.ip,
      userAgent: origin.userAgent,
      route: null,
      operator: null,
      organizationId: null,
      details: null,
      plannedStatus: 200,
      row: 'none',
    };
  }

  /** The route is audited and its handler is about to run: from now on a committing transaction carries the row. */
  arm(context: AuditContext, req: Request, route: AuditRoute, plannedStatus: number): void {
    this.identify(context, req);
    context.details = this.detailsOf(req, context.organizationId, route.httpMethod);
    context.plannedStatus = plannedStatus;
    context.route = route;
  }

  /** TransactionParticipant: writes the armed request's row as the last statement of its first committing transaction. */
  async beforeCommit(em: EntityManager): Promise<((committed: boolean) => void) | void> {
    const context = this.contexts.current();
    if (!context?.route || context.row !== 'none') return;
    context.row = 'writing';
    try {
      await this.writer.append(em, [this.draft(context, 'success', context.plannedStatus, null)], []);
    } catch (error) {
      context.row = 'none';
      throw error;
    }
    return (committed) => {
      if (context.row === 'writing') context.row = committed ? 'written' : 'none';
    };
  }

  /** The handler finished; records the row unless a transaction already carried it (it does not hold the response). */
  async succeeded(context: AuditContext, res: Response): Promise<void> {
    if (context.row === 'written') return;
    // Closed from here on: work the request left running in the background (it inherits this context) must not
    // add rows of its own for this request.
    context.row = 'written';
    const status = res.headersSent ? res.statusCode : context.plannedStatus;
    this.appendInBackground(context, outcomeOf(status), status, null);
    await this.queue.backpressure();
  }

  /** The handler (or a pipe) threw; records the failure. Never throws: the original error is what the client gets. */
  async failed(context: AuditContext, error: unknown): Promise<void> {
    context.row = 'written';
    const body = toErrorBody(error);
    this.appendInBackground(context, outcomeOf(body.statusCode), body.statusCode, body.code);
    await this.queue.backpressure();
  }

  /** The response was sent (middleware, `finish`): records calls that never reached the handler. */
  responseEnded(context: AuditContext, req: Request, res: Response): void {
    // A guard's refusal is a 4xx; a success without an armed context is a route with no screen.
    if (context.route || context.row !== 'none' || res.statusCode < 400) return;
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    if (typeof routePath !== 'string') return;
    const screen = this.routes.lookup(req.method, routePath);
    if (!screen) return;
    context.row = 'written';
    this.identify(context, req);
    context.details = this.detailsOf(req, context.organizationId, req.method, true);
    context.route = {
      screen: screen.screen,
      operation: screen.operation ?? defaultOperation(req.method),
      httpMethod: req.method,
      route: routePath,
    };
    const status = res.statusCode;
    this.appendInBackground(context, outcomeOf(status), status, this.errorCodeOf(res));
  }

  /** Hands a row that accompanies no change to the group commit (AuditAppendQueue) without waiting for it. */
  private appendInBackground(
    context: AuditContext,
    outcome: AuditOutcome,
    status: number | null,
    errorCode: string | null,
  ): void {
    this.queue
      .append({ operation: this.draft(context, outcome, status, errorCode) })
      .catch((error: Error) => this.logger.error(`could not record an operation: ${error?.message}`));
  }

  /**
   * Runs a scheduled job's work as the system actor (SPEC §10): its first committing transaction carries the row,
   * as for a request, and a run that committed nothing or failed is recorded afterwards. Pass `organizationId` when
   * the run acts on one organization, so the row lands in that organization's history.
   */
  async runAsSystem<T>(
    job: {
      name: string;
      screen: string;
      operation: OperationType;
      organizationId?: string | null;
      details?: unknown;
    },
    work: () => Promise<T>,
  ): Promise<T> {
    if (!this.enabled) return work();
    const context: AuditContext = {
      requestId: null,
      occurredAt: this.clock.now(),
      startedAt: performance.now(),
      ip: null,
      userAgent: null,
      route: { screen: job.screen, operation: job.operation, httpMethod: 'JOB', route: `job:${job.name}` },
      operator: { userId: null, loginId: SYSTEM_OPERATOR_ID, organizationId: job.organizationId ?? null },
      organizationId: job.organizationId ?? null,
      details: job.details === undefined ? null : auditDetails({ body: job.details }),
      plannedStatus: 200,
      row: 'none',
    };
    let result: T;
    const { result: running, release } = this.contexts.enter(context, work);
    try {
      result = await running;
    } catch (error) {
      context.row = 'written';
      const body = toErrorBody(error);
      await this.queue
        .append({ operation: this.draft(context, 'failure', body.statusCode, body.code) })
        .catch((auditError: Error) =>
          this.logger.error(`could not record a failed job: ${auditError?.message}`),
        );
      throw error;
    } finally {
      release();
    }
    if (context.row !== 'written') {
      context.row = 'written';
      await this.queue.append({ operation: this.draft(context, 'success', 200, null) });
    }
    return result;
  }

  /** Resolves once every row handed to the append queue so far is written (tests, shutdown). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** The error code the exception filter put in the body, kept on the response by the context middleware. */
  private errorCodeOf(res: Response): string | null {
    return (res.locals?.auditErrorCode as string | undefined) ?? null;
  }

  private identify(context: AuditContext, req: Request): void {
    const principal = req.user as Principal | undefined;
    const actor = (req as unknown as Record<string, Actor | undefined>)[ACTOR_KEY];
    context.operator = principal
      ? { userId: principal.userId, loginId: principal.loginId, organizationId: principal.organizationId }
      : null;
    context.organizationId = actor?.orgId ?? principal?.organizationId ?? null;
  }

  /** Route parameters (minus the row's own `:orgId`), query conditions, and for writes the body, masked. */
  private detailsOf(
    req: Request,
    organizationId: string | null,
    method: string,
    refused = false,
  ): string | null {
    const params = { ...(req.params ?? {}) } as Record<string, unknown>;
    if (params.orgId === organizationId && !refused) delete params.orgId;
    const write = method !== 'GET' && method !== 'HEAD';
    return auditDetails({ params, query: req.query, body: write ? req.body : undefined });
  }

  private draft(
    context: AuditContext,
    outcome: AuditOutcome,
    status: number | null,
    errorCode: string | null,
  ): OperationDraft {
    const route = context.route!;
    return {
      id: newId(context.occurredAt.getTime()),
      organizationId: context.organizationId,
      operation: route.operation,
      screen: storable(route.screen, 64)!,
      httpMethod: route.httpMethod,
      route: storable(route.route, 255)!,
      operatorUserId: context.operator?.userId ?? null,
      operatorLoginId: storable(context.operator?.loginId, 64),
      occurredAt: context.occurredAt,
      durationMs: Math.max(0, Math.round(performance.now() - context.startedAt)),
      ip: storable(context.ip, 45),
      userAgent: storable(context.userAgent, 255),
      outcome,
      statusCode: status,
      errorCode: storable(errorCode, 64),
      requestId: storable(context.requestId, 64),
      details: storable(context.details, 65_535),
    };
  }
}

export function defaultOperation(method: string): OperationType {
  switch (method) {
    case 'POST':
      return 'register';
    case 'PUT':
    case 'PATCH':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return 'search';
  }
}
