import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a platform says publicly about a handle, kept on the identity: the verified badge and the
 * follower count (X authors). Crisis detection and agents weigh a voice by its reach.
 */
export class IdentityProfile1765300000000 implements MigrationInterface {
  name = 'IdentityProfile1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "identity" ADD "verified" boolean`);
    await q.query(`ALTER TABLE "identity" ADD "followers_count" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "identity" DROP COLUMN "followers_count"`);
    await q.query(`ALTER TABLE "identity" DROP COLUMN "verified"`);
  }
}
