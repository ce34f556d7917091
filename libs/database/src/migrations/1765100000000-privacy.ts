import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy rights: a per-workspace message retention period, and the marks left by erasing a contact
 * (the contact and its messages stay as anonymous rows so aggregate counts do not change).
 */
export class Privacy1765100000000 implements MigrationInterface {
  name = 'Privacy1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "workspace" ADD "retention_days" integer`);
    await q.query(`ALTER TABLE "contact" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "message" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "conversation" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation" DROP COLUMN "erased_at"`);
    await q.query(`ALTER TABLE "message" DROP COLUMN "erased_at"`);
    await q.query(`ALTER TABLE "contact" DROP COLUMN "erased_at"`);
    await q.query(`ALTER TABLE "workspace" DROP COLUMN "retention_days"`);
  }
}
