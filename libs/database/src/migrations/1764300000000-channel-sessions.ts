import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Live connector sessions: the per-channel lease, the session's durable state, the channel's visible
 * status detail, and idempotent platform timeline events. */
export class ChannelSessions1764300000000 implements MigrationInterface {
  name = 'ChannelSessions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "channel_session_lease" ("workspace_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "holder" text NOT NULL, "epoch" bigint NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acquired_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_channel_session_lease" PRIMARY KEY ("workspace_id", "channel_id"))`,
    );
    await q.query(
      `CREATE TABLE "channel_session_state" ("workspace_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "key" text NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_channel_session_state" PRIMARY KEY ("workspace_id", "channel_id", "key"))`,
    );
    await q.query(`ALTER TABLE "channel" ADD "status_detail" text`);
    await q.query(`ALTER TABLE "channel" ADD "status_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "timeline_event" ADD "source_key" text`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_timeline_source" ON "timeline_event" ("workspace_id", "source_key") WHERE "source_key" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "uq_timeline_source"`);
    await q.query(`ALTER TABLE "timeline_event" DROP COLUMN "source_key"`);
    await q.query(`ALTER TABLE "channel" DROP COLUMN "status_until"`);
    await q.query(`ALTER TABLE "channel" DROP COLUMN "status_detail"`);
    await q.query(`DROP TABLE "channel_session_state"`);
    await q.query(`DROP TABLE "channel_session_lease"`);
  }
}
