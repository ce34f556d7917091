import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Crisis detection recounts X listening hits (`x.mention` timeline events) by event time. */
export class ListeningHitIndex1765300000001 implements MigrationInterface {
  name = 'ListeningHitIndex1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_timeline_listening" ON "timeline_event" ("workspace_id", "occurred_at") WHERE kind = 'x.mention'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_timeline_listening"`);
  }
}
