/**
 * The `users` indexes the user list names in its MySQL/MariaDB hints (USE INDEX), one place for their names: the
 * migrations create them, and a renamed index fails test/users-list-keyword-pages on MariaDB (a hint naming an
 * index that does not exist is an error there). Every one begins with the organization.
 */
export const USERS_INDEX = {
  primary: 'PRIMARY',
  login: 'ix_users_org_login',
  group: 'ix_users_org_group',
  disabled: 'ix_users_org_disabled',
  provisional: 'ix_users_org_provisional',
  locked: 'ix_users_org_locked',
  manager: 'ix_users_org_manager',
  attributes: 'ix_users_org_attributes',
  familyName: 'ix_users_org_family',
  givenName: 'ix_users_org_given',
  lastLogin: 'ix_users_org_last_login',
  /** (organization, name, group, disabled): the keyword lookups seek (term, group). */
  familyNameGroup: 'ix_users_org_family_group',
  givenNameGroup: 'ix_users_org_given_group',
  familyNameKana: 'ix_users_org_family_kana',
  givenNameKana: 'ix_users_org_given_kana',
} as const;
