import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shared per-channel connector state, idempotent channel-reported timeline events, stored attachments. */
export class ConnectorState1764400000000 implements MigrationInterface {
  name = 'ConnectorState1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "connector_state" ("workspace_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "key" text NOT NULL, "value" jsonb NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_connector_state" PRIMARY KEY ("workspace_id", "channel_id", "key"))`,
    );
    await q.query(`CREATE INDEX "ix_connector_state_expires" ON "connector_state" ("expires_at")`);
    await q.query(`ALTER TABLE "timeline_event" ADD "channel_id" uuid`);
    await q.query(`ALTER TABLE "timeline_event" ADD "platform_event_id" text`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_timeline_platform_event" ON "timeline_event" ("workspace_id", "channel_id", "platform_event_id")`,
    );
    await q.query(
      `CREATE TABLE "attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "name" text, "content_type" text NOT NULL, "size" integer NOT NULL, "data" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_attachment" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "attachment"`);
    await q.query(`DROP INDEX "uq_timeline_platform_event"`);
    await q.query(`ALTER TABLE "timeline_event" DROP COLUMN "platform_event_id"`);
    await q.query(`ALTER TABLE "timeline_event" DROP COLUMN "channel_id"`);
    await q.query(`DROP TABLE "connector_state"`);
  }
}
