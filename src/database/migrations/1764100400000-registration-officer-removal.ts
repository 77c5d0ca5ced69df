import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Removing a registration officer (登録担当者の削除, `DELETE /registration-officers/:officerId`) keeps the row, so
 * the operation history and the certificates issued to the officer (`certificates.officer_id`) still name them:
 * `removed_at` and `removed_by` (the operator) say when and by whom the role ended. Null for a serving officer.
 */
export class RegistrationOfficerRemoval1764100400000 implements MigrationInterface {
  name = 'RegistrationOfficerRemoval1764100400000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.addColumns('registration_officers', [
      new TableColumn(c.datetime('removed_at', true)),
      new TableColumn(c.ref('removed_by', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('registration_officers', 'removed_by');
    await q.dropColumn('registration_officers', 'removed_at');
  }
}
