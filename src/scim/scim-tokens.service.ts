import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { ScimToken } from './scim-token.entity';
import { newScimToken, scimTokenHash } from './scim-token-secret';

/** A token as the list shows it: never the token, never its hash. */
export interface ScimTokenView {
  id: string;
  clientName: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedScimToken extends ScimTokenView {
  /** The bearer token, shown in this answer only. */
  token: string;
}

/** A token's last use is written at most this often, so a busy provisioning cycle is not a write per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** At most this many tokens per organization: one per provisioning client, with room for rotation. */
export const MAX_SCIM_TOKENS = 10;

/** The SCIM tokens of each organization: issued and revoked by its managers, looked up by the SCIM guard. */
@Injectable()
export class ScimTokensService {
  constructor(
    @InjectRepository(ScimToken) private readonly tokens: Repository<ScimToken>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /** The tokens, and the cap (`max`), so a screen can say when no more can be issued without its own copy. */
  async list(orgId: string): Promise<{ items: ScimTokenView[]; max: number }> {
    const rows = await this.tokens.find({ where: { organizationId: orgId }, order: { createdAt: 'ASC' } });
    return { items: rows.map(toView), max: MAX_SCIM_TOKENS };
  }

  /** Issues a token for a named client; the token is in this answer only. */
  async create(actor: Actor, clientName: string): Promise<CreatedScimToken> {
    const token = newScimToken();
    const now = this.clock.now();
    const row: ScimToken = {
      id: newId(now.getTime()),
      organizationId: actor.orgId,
      clientName,
      tokenHash: scimTokenHash(token),
      createdBy: actor.userId,
      createdAt: now,
      lastUsedAt: null,
    };
    await this.tx.run(async (em) => {
      // Counted under the organization's own token rows: two parallel issues may both pass at the cap's edge; the
      // cap is a tidiness limit, not a rule of the spec, so that is accepted.
      const count = await em.count(ScimToken, { where: { organizationId: actor.orgId } });
      if (count >= MAX_SCIM_TOKENS) {
        throw AppError.conflict(`An organization may hold at most ${MAX_SCIM_TOKENS} SCIM tokens`, {
          max: MAX_SCIM_TOKENS,
        });
      }
      await em.insert(ScimToken, row);
    });
    return { ...toView(row), token };
  }

  /** Revokes a token: its next request answers 401. */
  async revoke(orgId: string, id: string): Promise<void> {
    await this.tx.run(async (em) => {
      const found = await em.findOne(ScimToken, { where: { id, organizationId: orgId } });
      if (!found) throw AppError.notFound('SCIM token');
      await em.delete(ScimToken, { id, organizationId: orgId });
    });
  }

  /** The token row a bearer token stands for, or null; notes its use (at most once a minute). */
  async authenticate(token: string): Promise<ScimToken | null> {
    const row = await this.tokens.findOne({ where: { tokenHash: scimTokenHash(token) } });
    if (!row) return null;
    const now = this.clock.now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
      await this.tx.run((em) => em.update(ScimToken, { id: row.id }, { lastUsedAt: now }));
      row.lastUsedAt = now;
    }
    return row;
  }
}

function toView(row: ScimToken): ScimTokenView {
  return {
    id: row.id,
    clientName: row.clientName,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
