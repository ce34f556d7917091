import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The WeChat unionid of an identity (one person across the Official Accounts and Customer Service
 * accounts of one WeChat Open Platform account), looked up to merge such identities automatically.
 */
export class IdentityUnionId1765600000000 implements MigrationInterface {
  name = 'IdentityUnionId1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "identity" ADD "union_id" text`);
    await q.query(
      `CREATE INDEX "ix_identity_union" ON "identity" ("workspace_id", "union_id") WHERE "union_id" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_identity_union"`);
    await q.query(`ALTER TABLE "identity" DROP COLUMN "union_id"`);
  }
}
