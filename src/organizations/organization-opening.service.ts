import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { UserAccounts } from '../users/user-accounts.service';
import { UserMemberships } from '../users/user-memberships.service';
import { toUserView, type UserView } from '../users/user.view';
import type { OpenOrganizationDto } from './dto/open-organization.dto';
import { checkJoin } from './manager-policy';
import { OrganizationsService, toOrganizationView, type OrganizationView } from './organizations.service';
import { PermissionGrantsService } from './permission-grants.service';

export interface OpenedOrganization {
  organization: OrganizationView;
  /** The first manager's account (must change the password at first sign-in). */
  manager: UserView;
  /** Only when Kanri drew the initial password: shown this once, stored nowhere in plain text. */
  initialPassword?: string;
}

/** Codes drawn before giving up, as for 組織コード発行. */
const CODE_ATTEMPTS = 5;
/** Letters and digits without look-alikes (no 0/O, 1/I/l), as organization codes. */
const PASSWORD_LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ';
const PASSWORD_DIGITS = '23456789';
const PASSWORD_LENGTH = 16;

/**
 * The system operator's way to start an organization (operators never join one themselves): the organization and
 * its first manager's account are created in one transaction, with the operation-history row, so that either all
 * of it exists or none of it. The manager then signs in, changes the password and hands the code to the members.
 */
@Injectable()
export class OrganizationOpeningService {
  constructor(
    private readonly tx: TransactionService,
    private readonly organizations: OrganizationsService,
    private readonly accounts: UserAccounts,
    private readonly memberships: UserMemberships,
    private readonly grants: PermissionGrantsService,
  ) {}

  async open(dto: OpenOrganizationDto): Promise<OpenedOrganization> {
    const drawn = dto.manager.password === undefined ? drawInitialPassword() : undefined;
    const account = await this.accounts.newAccount({
      ...dto.manager,
      password: dto.manager.password ?? drawn!,
      mustChangePassword: true,
    });
    const planUserLimit = dto.planUserLimit ?? null;
    // The plan must admit its first member; the DTO's minimum of 1 already does, the rule stays in one place.
    const refusal = checkJoin(0, planUserLimit);
    if (refusal) throw refusal;
    for (let attempt = 1; ; attempt++) {
      try {
        const org = await this.tx.run(async (em) => {
          const created = await this.organizations.insertOrganization(em, dto, planUserLimit);
          await this.accounts.insertAccount(em, account);
          await this.memberships.moveToOrganization(em, account.id, created.id, true);
          await this.grants.grantAll(em, created.id, account.id);
          return created;
        });
        account.organizationId = org.id;
        account.isManager = true;
        return {
          organization: toOrganizationView(org),
          manager: toUserView(account),
          ...(drawn ? { initialPassword: drawn } : {}),
        };
      } catch (error) {
        // Two organizations drew the same code at the same moment: the unique index decided; draw again.
        if (isDuplicateKeyError(error) && attempt < CODE_ATTEMPTS) continue;
        throw error;
      }
    }
  }
}

/** 16 characters with letters and digits (the default password policy), from `crypto.randomInt`. */
export function drawInitialPassword(): string {
  const all = PASSWORD_LETTERS + PASSWORD_DIGITS;
  const chars = [
    PASSWORD_LETTERS[randomInt(PASSWORD_LETTERS.length)],
    PASSWORD_DIGITS[randomInt(PASSWORD_DIGITS.length)],
  ];
  while (chars.length < PASSWORD_LENGTH) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
