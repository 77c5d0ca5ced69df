import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import type { Principal } from '@kanri/access/actor';
import { Mailer } from '../mail/mailer';
import { OrganizationsService } from '../organizations/organizations.service';
import { type OwnProfileFields, UserAccounts } from '../users/user-accounts.service';
import type { User } from '../users/user.entity';
import { OWN_ACCOUNT_FIELDS, type UpdateOwnAccountDto } from './dto/own-account.dto';
import type { OwnAccountView } from './dto/own-account.view';

/**
 * アカウント情報更新 (SPEC §13): a user reads and changes their own account. Only the fields of UpdateOwnAccountDto
 * change (names, kana, e-mail addresses, department, phones, language); the request's audit row (the interceptor's,
 * screen アカウント情報更新) commits with the change and carries the changed fields.
 *
 * E-mail: the spec asks for no verification of a changed address, and the change already needs the confirmation
 * password, a second secret. What it adds: the previous address is told of the change (in the same transaction),
 * so a change its owner did not make is noticed where sign-in codes and reset links used to arrive.
 */
@Injectable()
export class OwnAccountService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly organizations: OrganizationsService,
    private readonly mailer: Mailer,
    private readonly tx: TransactionService,
  ) {}

  async view(principal: Principal): Promise<OwnAccountView> {
    const user = await this.accounts.findById(principal.userId);
    if (!user) throw AppError.notFound('User');
    return this.toView(user);
  }

  async update(principal: Principal, dto: UpdateOwnAccountDto): Promise<OwnAccountView> {
    for (const field of ['familyName', 'givenName', 'email'] as const) {
      if (dto[field] === null) throw AppError.validation({ [field]: [`${field} cannot be cleared`] });
    }
    const updated = await this.tx.run(async (em) => {
      const user = await this.accounts.lockAccount(em, principal.userId);
      if (!user) throw AppError.notFound('User');
      const changes: Partial<OwnProfileFields> = {};
      for (const field of OWN_ACCOUNT_FIELDS) {
        const value = dto[field];
        if (value !== undefined && value !== user[field]) {
          (changes as Record<string, unknown>)[field] = value;
        }
      }
      if (!Object.keys(changes).length) return user;
      await this.accounts.updateOwnProfile(em, user, changes);
      if (changes.email && user.email) {
        await this.mailer.send(
          {
            to: user.email,
            subject: '【Kanri】メールアドレス変更のお知らせ',
            text: [
              `${user.familyName} ${user.givenName} 様`,
              '',
              `ログインID ${user.loginId} のメールアドレスが変更されました。今後のお知らせは新しいアドレスに届きます。`,
              '',
              'この変更に心当たりがない場合は、至急管理者に連絡してください。',
            ].join('\n'),
          },
          em,
        );
      }
      return { ...user, ...changes } as User;
    });
    return this.toView(updated);
  }

  private async toView(user: User): Promise<OwnAccountView> {
    const organization = user.organizationId ? await this.organizations.summary(user.organizationId) : null;
    return {
      id: user.id,
      loginId: user.loginId,
      familyName: user.familyName,
      givenName: user.givenName,
      familyNameKana: user.familyNameKana,
      givenNameKana: user.givenNameKana,
      email: user.email,
      subEmail: user.subEmail,
      department: user.department,
      phoneExternal: user.phoneExternal,
      phoneExtension: user.phoneExtension,
      language: user.language,
      allowedIps: user.allowedIps ?? [],
      organization,
      isManager: user.isManager,
      hasConfirmationPassword: user.confirmationHash !== null,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}
