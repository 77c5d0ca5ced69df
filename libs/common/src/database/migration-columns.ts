import { TableColumn, type TableColumnOptions, type QueryRunner } from 'typeorm';

/**
 * Column builders for migrations that must produce the same schema on MySQL/MariaDB and SQLite. On MySQL every
 * text column is utf8mb4 (whatever the database default), and `caseSensitive` text uses the binary collation
 * (login IDs are case-sensitive, SPEC §3.1). Datetimes keep milliseconds and are always UTC.
 */
export class Columns {
  constructor(private readonly queryRunner: QueryRunner) {}

  private get mysql(): boolean {
    const type = this.queryRunner.connection.options.type;
    return type === 'mysql' || type === 'mariadb';
  }

  id(name = 'id'): TableColumnOptions {
    return { name, type: 'varchar', length: '36', isPrimary: true, ...this.charset() };
  }

  ref(name: string, nullable = false): TableColumnOptions {
    return { name, type: 'varchar', length: '36', isNullable: nullable, ...this.charset() };
  }

  string(
    name: string,
    length: number,
    opts: { nullable?: boolean; default?: string; caseSensitive?: boolean } = {},
  ): TableColumnOptions {
    return {
      name,
      type: 'varchar',
      length: String(length),
      isNullable: opts.nullable ?? false,
      default: opts.default === undefined ? undefined : `'${opts.default.replace(/'/g, "''")}'`,
      ...this.charset(opts.caseSensitive),
    };
  }

  text(name: string, nullable = true): TableColumnOptions {
    return { name, type: this.mysql ? 'mediumtext' : 'text', isNullable: nullable, ...this.charset() };
  }

  int(name: string, opts: { nullable?: boolean; default?: number } = {}): TableColumnOptions {
    return { name, type: 'int', isNullable: opts.nullable ?? false, default: opts.default };
  }

  bigint(name: string, opts: { nullable?: boolean; default?: number } = {}): TableColumnOptions {
    return { name, type: 'bigint', isNullable: opts.nullable ?? false, default: opts.default };
  }

  bool(name: string, defaultValue = false): TableColumnOptions {
    return { name, type: 'boolean', isNullable: false, default: defaultValue ? 1 : 0 };
  }

  datetime(name: string, nullable = false): TableColumnOptions {
    return { name, type: 'datetime', precision: this.mysql ? 3 : undefined, isNullable: nullable };
  }

  /** A calendar date as `YYYY-MM-DD` text: business dates are zone-free strings (libs/common/clock). */
  date(name: string, nullable = true): TableColumnOptions {
    return this.string(name, 10, { nullable });
  }

  column(options: TableColumnOptions): TableColumn {
    return new TableColumn(options);
  }

  private charset(caseSensitive = false): Partial<TableColumnOptions> {
    if (!this.mysql) return {};
    return { charset: 'utf8mb4', collation: caseSensitive ? 'utf8mb4_bin' : 'utf8mb4_unicode_ci' };
  }
}
