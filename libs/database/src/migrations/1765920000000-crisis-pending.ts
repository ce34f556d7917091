import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The crisis detection outbox: items stored but not yet counted. Buckets are counted incrementally
 * from here on (each item once, when its row is deleted), instead of recounted from the messages.
 */
export class CrisisPending1765920000000 implements MigrationInterface {
  name = 'CrisisPending1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "crisis_pending" ("workspace_id" uuid NOT NULL, "item_id" uuid NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4badbf42d62e1700c62f1415023" PRIMARY KEY ("workspace_id", "item_id"))`,
    );
    await q.query(`CREATE INDEX "ix_crisis_pending_created" ON "crisis_pending" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "crisis_pending"`);
  }
}
