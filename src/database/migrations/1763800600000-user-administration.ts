import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Organization user administration (SPEC §4): the indexes that keep a page of the user list fast at 100,000
 * members, attribute tags as rows (filters), the name-search dictionary, invitations of provisional users and
 * the state of CSV import jobs. Existing users are backfilled.
 */
export class UserAdministration1763800600000 implements MigrationInterface {
  name = 'UserAdministration1763800600000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.addColumn(
      'users',
      c.column(c.string('attributes_sort_key', 191, { default: '', caseSensitive: true })),
    );
    // Every list index starts with the organization and ends with the login ID, the tie-breaker of every sort, so a
    // page in any index-backed order is read in order and stops after `perPage` rows.
    const listIndexes: [string, string[]][] = [
      ['ix_users_org_family', ['organization_id', 'family_name', 'login_id']],
      ['ix_users_org_given', ['organization_id', 'given_name', 'login_id']],
      ['ix_users_org_family_kana', ['organization_id', 'family_name_kana']],
      ['ix_users_org_given_kana', ['organization_id', 'given_name_kana']],
      ['ix_users_org_group', ['organization_id', 'group_id', 'login_id']],
      ['ix_users_org_last_login', ['organization_id', 'last_login_at', 'login_id']],
      ['ix_users_org_attributes', ['organization_id', 'attributes_sort_key', 'login_id']],
      ['ix_users_org_disabled', ['organization_id', 'is_disabled', 'login_id']],
      ['ix_users_org_provisional', ['organization_id', 'is_provisional']],
      ['ix_users_org_locked', ['organization_id', 'locked_at']],
    ];
    for (const [name, columnNames] of listIndexes) {
      await q.createIndex('users', new TableIndex({ name, columnNames }));
    }
    await q.createTable(
      new Table({
        name: 'user_attributes',
        columns: [
          { ...c.ref('organization_id'), isPrimary: true },
          { ...c.string('attribute', 32, { caseSensitive: true }), isPrimary: true },
          { ...c.ref('user_id'), isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'ix_user_attributes_user', columnNames: ['user_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_name_terms',
        columns: [
          { ...c.ref('organization_id'), isPrimary: true },
          { ...c.string('suffix', 30, { caseSensitive: true }), isPrimary: true },
          { ...c.string('term', 30, { caseSensitive: true }), isPrimary: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_invitations',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.ref('organization_id'),
          c.string('token_hash', 64),
          c.datetime('expires_at'),
          c.datetime('used_at', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_user_invitations_token', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_user_invitations_user', columnNames: ['user_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_import_jobs',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.ref('requested_by'),
          c.string('state', 16),
          c.string('file_name', 255, { nullable: true }),
          c.int('total', { default: 0 }),
          c.int('processed', { default: 0 }),
          c.int('created_count', { default: 0 }),
          c.int('updated_count', { default: 0 }),
          c.string('error_code', 64, { nullable: true }),
          c.text('errors', true),
          c.datetime('created_at'),
          c.datetime('updated_at'),
          c.datetime('finished_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ix_user_import_jobs_org', columnNames: ['organization_id', 'created_at'] }),
        ],
      }),
    );
    await this.backfill(q);
  }

  /** Attribute rows, sort keys and name terms for the accounts that exist already. */
  private async backfill(q: QueryRunner): Promise<void> {
    const CHUNK = 500;
    let after = '';
    for (;;) {
      const rows: {
        id: string;
        organization_id: string | null;
        attributes: string | null;
        family_name: string;
        given_name: string;
        family_name_kana: string | null;
        given_name_kana: string | null;
      }[] = await q.query(
        `SELECT id, organization_id, attributes, family_name, given_name, family_name_kana, given_name_kana
           FROM users WHERE id > ? ORDER BY id LIMIT ${CHUNK}`,
        [after],
      );
      if (!rows.length) return;
      after = rows[rows.length - 1].id;
      for (const row of rows) {
        const attributes = parseAttributes(row.attributes);
        if (attributes.length) {
          await q.query('UPDATE users SET attributes_sort_key = ? WHERE id = ?', [
            attributesSortKey(attributes),
            row.id,
          ]);
        }
        if (!row.organization_id) continue;
        for (const attribute of attributes) {
          await q.query(
            'INSERT INTO user_attributes (organization_id, attribute, user_id) VALUES (?, ?, ?)',
            [row.organization_id, attribute, row.id],
          );
        }
        for (const [suffix, term] of nameTermRows([
          row.family_name,
          row.given_name,
          row.family_name_kana,
          row.given_name_kana,
        ])) {
          const exists: unknown[] = await q.query(
            'SELECT 1 FROM user_name_terms WHERE organization_id = ? AND suffix = ? AND term = ?',
            [row.organization_id, suffix, term],
          );
          if (!exists.length) {
            await q.query('INSERT INTO user_name_terms (organization_id, suffix, term) VALUES (?, ?, ?)', [
              row.organization_id,
              suffix,
              term,
            ]);
          }
        }
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['user_import_jobs', 'user_invitations', 'user_name_terms', 'user_attributes']) {
      await q.dropTable(table);
    }
    for (const name of [
      'ix_users_org_family',
      'ix_users_org_given',
      'ix_users_org_family_kana',
      'ix_users_org_given_kana',
      'ix_users_org_group',
      'ix_users_org_last_login',
      'ix_users_org_attributes',
      'ix_users_org_disabled',
      'ix_users_org_provisional',
      'ix_users_org_locked',
    ]) {
      await q.dropIndex('users', name);
    }
    await q.dropColumn('users', 'attributes_sort_key');
  }
}

// Frozen copies of the rules this migration applied when it was written (users/search/user-attributes.ts and
// users/search/name-terms.ts): a migration is history, so later changes to those files must not change what it does.

/** The stored JSON list (simple-json) as read by raw SQL. */
function parseAttributes(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || !value) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** The tags joined as the CSV cell, cut to the 191 characters the sort index holds. */
function attributesSortKey(values: readonly string[]): string {
  return Array.from(values.join(',')).slice(0, 191).join('');
}

/** `[suffix, term]` pairs for these name values: NFKC, lower case, hiragana as katakana, at most 30 characters. */
function nameTermRows(values: readonly (string | null | undefined)[]): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  for (const value of values) {
    if (!value) continue;
    const normalized = value
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
    const chars = Array.from(normalized).slice(0, 30);
    for (let i = 0; i < chars.length; i++) {
      const suffix = chars.slice(i).join('');
      if (!suffix.trim()) continue;
      pairs.set(`${suffix}\u0000${value}`, [suffix, value]);
    }
  }
  return [...pairs.values()];
}
