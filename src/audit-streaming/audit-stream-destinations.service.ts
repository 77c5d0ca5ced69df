import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { FieldCipher } from '@kanri/security/field-cipher';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { headKey } from '../audit/audit-chain';
import { AuditStreamDestination } from './audit-stream-destination.entity';
import { AuditStreamSettings } from './audit-stream-settings';
import { AuditStreamTransport, DeliveryFailed, type Target } from './audit-stream-transport';
import { caCertificateProblem, syslogHostProblem, webhookUrlProblem } from './destination-address';
import type { CreateDestinationDto, UpdateDestinationDto } from './dto/destination.dto';
import type { TestEvent } from './stream-event';
import { newSigningSecret } from './webhook-signature';

/** At most this many destinations per organization (and for the system): each one is a delivery stream to run. */
export const MAX_DESTINATIONS = 5;

/** Progress through one chain: what the receiver acknowledged, and the chain's newest record. */
export interface ChainProgress {
  deliveredSequence: number;
  latestSequence: number;
}

export interface DestinationView {
  id: string;
  organizationId: string | null;
  name: string;
  kind: 'webhook' | 'syslog';
  url: string | null;
  host: string | null;
  port: number | null;
  tls: boolean;
  caCertificate: string | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  delivery: {
    operations: ChainProgress;
    login: ChainProgress;
    lastDeliveredAt: Date | null;
    consecutiveFailures: number;
    nextAttemptAt: Date | null;
    failingSince: Date | null;
    lastError: string | null;
    /** Every attempt has failed for longer than AUDIT_STREAM_FAILING_SECONDS. */
    failing: boolean;
  };
}

export interface CreatedDestination {
  destination: DestinationView;
  /** The webhook signing secret, shown this once (null for syslog). */
  secret: string | null;
}

export interface TestDeliveryResult {
  delivered: boolean;
  /** The webhook's HTTP status, when it answered. */
  statusCode: number | null;
  /** Why the test event was not acknowledged (`HTTP 503`, `ECONNREFUSED`, `timed out`). */
  error: string | null;
}

export function secretContext(id: string): string {
  return `audit-stream-secret:${id}`;
}

/**
 * Destinations of one scope: an organization (`chain` = its id) or the system (`chain` = `system`). Every query
 * names the scope, so another organization's destination is not found.
 */
@Injectable()
export class AuditStreamDestinations {
  constructor(
    @InjectRepository(AuditStreamDestination) private readonly repo: Repository<AuditStreamDestination>,
    @InjectRepository(AuditChainHead) private readonly heads: Repository<AuditChainHead>,
    private readonly tx: TransactionService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly settings: AuditStreamSettings,
    private readonly transport: AuditStreamTransport,
  ) {}

  async list(chain: string): Promise<{ items: DestinationView[] }> {
    const rows = await this.repo.find({ where: { chain }, order: { createdAt: 'ASC', id: 'ASC' } });
    const latest = await this.latestSequences([chain]);
    return { items: rows.map((r) => this.view(r, latest)) };
  }

  async get(chain: string, id: string): Promise<DestinationView> {
    const row = await this.find(chain, id);
    return this.view(row, await this.latestSequences([chain]));
  }

  async create(
    chain: string,
    organizationId: string | null,
    dto: CreateDestinationDto,
  ): Promise<CreatedDestination> {
    const fields = this.checked(dto.kind, {
      url: dto.url ?? null,
      host: dto.host ?? null,
      port: dto.port ?? null,
      tls: dto.tls ?? true,
      caCertificate: dto.caCertificate ?? null,
    });
    const id = newId();
    const secret = dto.kind === 'webhook' ? newSigningSecret() : null;
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      // The scope's destinations locked for update (their index range too, on MariaDB), so parallel creates
      // count one after another and the cap holds; on a cluster the guard rows make them conflict.
      const existing = await this.tx
        .lockForUpdate(
          em
            .getRepository(AuditStreamDestination)
            .createQueryBuilder('d')
            .select(['d.id'])
            .where('d.chain = :chain', { chain }),
        )
        .getMany();
      if (existing.length >= MAX_DESTINATIONS) {
        throw AppError.conflict(`At most ${MAX_DESTINATIONS} audit streaming destinations`, {
          limit: MAX_DESTINATIONS,
        });
      }
      // Delivery starts after the newest record of each chain (this request's own record comes next).
      const start = await this.headsOf(em, chain);
      await em.getRepository(AuditStreamDestination).insert({
        id,
        organizationId,
        chain,
        name: dto.name,
        kind: dto.kind,
        ...fields,
        secretSealed: secret ? this.cipher.encrypt(secret, secretContext(id)) : null,
        enabled: dto.enabled ?? true,
        operationsCursor: start.operations,
        loginCursor: start.login,
        epoch: 0,
        consecutiveFailures: 0,
        nextAttemptAt: null,
        failingSince: null,
        lastError: null,
        lastDeliveredAt: null,
        createdAt: now,
        updatedAt: now,
      });
    });
    return { destination: await this.get(chain, id), secret };
  }

  async update(chain: string, id: string, dto: UpdateDestinationDto): Promise<DestinationView> {
    const row = await this.find(chain, id);
    const fields = this.checked(row.kind, {
      url: dto.url ?? row.url,
      host: dto.host ?? row.host,
      port: dto.port ?? row.port,
      tls: dto.tls ?? row.tls,
      caCertificate: dto.caCertificate === undefined ? row.caCertificate : dto.caCertificate,
    });
    const changes: Partial<AuditStreamDestination> = { ...fields, updatedAt: this.clock.now() };
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.enabled !== undefined) changes.enabled = dto.enabled;
    // A changed address deserves a prompt attempt: the backoff of the old one does not apply.
    if (dto.enabled || dto.url || dto.host || dto.port) changes.nextAttemptAt = null;
    await this.tx.run((em) => em.getRepository(AuditStreamDestination).update({ id, chain }, changes));
    return this.get(chain, id);
  }

  async remove(chain: string, id: string): Promise<void> {
    await this.find(chain, id);
    await this.tx.run((em) => em.getRepository(AuditStreamDestination).delete({ id, chain }));
  }

  /** A new signing secret, effective for the next delivery; the old one stops at once. Shown this once. */
  async rotateSecret(chain: string, id: string): Promise<{ secret: string }> {
    const row = await this.find(chain, id);
    if (row.kind !== 'webhook') {
      throw AppError.validation({ kind: ['only webhook destinations have a signing secret'] });
    }
    const secret = newSigningSecret();
    await this.tx.run((em) =>
      em
        .getRepository(AuditStreamDestination)
        .update(
          { id, chain },
          { secretSealed: this.cipher.encrypt(secret, secretContext(id)), updatedAt: this.clock.now() },
        ),
    );
    return { secret };
  }

  /** Sends one `test` event, outside the chains, and reports whether the receiver acknowledged it. */
  async testDelivery(chain: string, id: string): Promise<TestDeliveryResult> {
    const row = await this.find(chain, id);
    const event: TestEvent = {
      v: 1,
      type: 'test',
      id: newId(),
      organizationId: row.organizationId,
      occurredAt: this.clock.now().toISOString(),
    };
    try {
      const answer = await this.transport.send(this.targetOf(row), [event]);
      return { delivered: true, statusCode: answer.statusCode ?? null, error: null };
    } catch (error) {
      const message = error instanceof DeliveryFailed ? error.message : 'delivery failed';
      const status = /^HTTP (\d{3})$/.exec(message);
      return { delivered: false, statusCode: status ? Number(status[1]) : null, error: message };
    }
  }

  /** What the transport needs, the secret opened. */
  targetOf(row: AuditStreamDestination): Target {
    return {
      kind: row.kind,
      url: row.url,
      host: row.host,
      port: row.port,
      tls: row.tls,
      caCertificate: row.caCertificate,
      secret: row.secretSealed ? this.cipher.decryptText(row.secretSealed, secretContext(row.id)) : null,
    };
  }

  private async find(chain: string, id: string): Promise<AuditStreamDestination> {
    const row = await this.repo.findOne({ where: { id, chain } });
    if (!row) throw AppError.notFound('Audit streaming destination');
    return row;
  }

  private checked(
    kind: 'webhook' | 'syslog',
    f: {
      url: string | null;
      host: string | null;
      port: number | null;
      tls: boolean;
      caCertificate: string | null;
    },
  ) {
    const problems: Record<string, string[]> = {};
    if (kind === 'webhook') {
      if (!f.url) problems.url = ['is required for a webhook'];
      else {
        const problem = webhookUrlProblem(f.url, this.settings.production);
        if (problem) problems.url = [problem];
      }
      if (f.host !== null) problems.host = ['is for syslog destinations'];
      if (f.port !== null) problems.port = ['is for syslog destinations'];
    } else {
      if (!f.host) problems.host = ['is required for syslog'];
      else {
        const problem = syslogHostProblem(f.host, f.tls, this.settings.production);
        if (problem) problems.host = [problem];
      }
      if (!f.port) problems.port = ['is required for syslog'];
      if (f.url !== null) problems.url = ['is for webhook destinations'];
    }
    if (f.caCertificate !== null) {
      const problem = caCertificateProblem(f.caCertificate);
      if (problem) problems.caCertificate = [problem];
    }
    if (Object.keys(problems).length) throw AppError.validation(problems);
    return kind === 'webhook'
      ? { url: f.url, host: null, port: null, tls: true, caCertificate: f.caCertificate }
      : { url: null, host: f.host, port: f.port, tls: f.tls, caCertificate: f.caCertificate };
  }

  private async headsOf(em: EntityManager, chain: string): Promise<{ operations: number; login: number }> {
    const rows = await em.getRepository(AuditChainHead).find({
      where: { chain: In([headKey('operations', chain), headKey('login', chain)]) },
    });
    const seq = (key: string) => rows.find((r) => r.chain === key)?.lastSeq ?? 0;
    return { operations: seq(headKey('operations', chain)), login: seq(headKey('login', chain)) };
  }

  private async latestSequences(chains: string[]): Promise<Map<string, number>> {
    const keys = chains.flatMap((c) => [headKey('operations', c), headKey('login', c)]);
    const rows = await this.heads.find({ where: { chain: In(keys) } });
    return new Map(rows.map((r) => [r.chain, r.lastSeq]));
  }

  private view(r: AuditStreamDestination, latest: Map<string, number>): DestinationView {
    const now = this.clock.now().getTime();
    return {
      id: r.id,
      organizationId: r.organizationId,
      name: r.name,
      kind: r.kind,
      url: r.url,
      host: r.host,
      port: r.port,
      tls: r.tls,
      caCertificate: r.caCertificate,
      enabled: r.enabled,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      delivery: {
        operations: {
          deliveredSequence: r.operationsCursor,
          latestSequence: latest.get(headKey('operations', r.chain)) ?? 0,
        },
        login: {
          deliveredSequence: r.loginCursor,
          latestSequence: latest.get(headKey('login', r.chain)) ?? 0,
        },
        lastDeliveredAt: r.lastDeliveredAt,
        consecutiveFailures: r.consecutiveFailures,
        nextAttemptAt: r.nextAttemptAt,
        failingSince: r.failingSince,
        lastError: r.lastError,
        failing: r.failingSince !== null && now - r.failingSince.getTime() >= this.settings.failingAfterMs,
      },
    };
  }
}
