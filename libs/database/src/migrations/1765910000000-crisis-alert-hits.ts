import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts on an X listening query list the listening hits (timeline events) that fired them, and every
 * alert keeps the readable name its topic had when it opened (the query or keyword set may go away).
 */
export class CrisisAlertHits1765910000000 implements MigrationInterface {
  name = 'CrisisAlertHits1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "crisis_alert" ADD "event_ids" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "crisis_alert" ADD "topic_name" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "crisis_alert" DROP COLUMN "topic_name"`);
    await q.query(`ALTER TABLE "crisis_alert" DROP COLUMN "event_ids"`);
  }
}
