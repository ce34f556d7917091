import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Crisis detection and sentiment feedback: message reach and an event-time index, per-topic buckets,
 * alerts, alert webhooks and their delivery outbox, keyword sets, and agents' sentiment corrections. */
export class Crisis1764200000000 implements MigrationInterface {
  name = 'Crisis1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "crisis_alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "topic_key" text NOT NULL, "channel_types" jsonb NOT NULL DEFAULT '[]', "severity" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "rules" jsonb NOT NULL DEFAULT '[]', "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "window_end" TIMESTAMP WITH TIME ZONE NOT NULL, "last_fired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fire_count" integer NOT NULL DEFAULT '1', "figures" jsonb NOT NULL DEFAULT '[]', "terms" jsonb NOT NULL DEFAULT '[]', "message_ids" jsonb NOT NULL DEFAULT '[]', "contact_ids" jsonb NOT NULL DEFAULT '[]', "acknowledged_by" uuid, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bb6d896e3678f00594b482059c6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_crisis_alert_topic" ON "crisis_alert"("workspace_id", "topic_key", "status")`);
    await q.query(`CREATE INDEX "ix_crisis_alert_list" ON "crisis_alert"("workspace_id", "created_at", "id")`);
    await q.query(
      `CREATE TABLE "crisis_bucket" ("workspace_id" uuid NOT NULL, "topic_key" text NOT NULL, "channel_type" text NOT NULL, "bucket_start" TIMESTAMP WITH TIME ZONE NOT NULL, "total" integer NOT NULL DEFAULT '0', "positive" integer NOT NULL DEFAULT '0', "negative" integer NOT NULL DEFAULT '0', "neutral" integer NOT NULL DEFAULT '0', "negative_reach" double precision NOT NULL DEFAULT '0', "flagged" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_62e003482477244920917ceb92b" PRIMARY KEY ("workspace_id", "topic_key", "channel_type", "bucket_start"))`,
    );
    await q.query(
      `CREATE TABLE "crisis_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "webhook_id" uuid NOT NULL, "alert_id" uuid NOT NULL, "event" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_83030e8f73f3e9e584424a27d9c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_crisis_delivery_alert" ON "crisis_delivery"("workspace_id", "alert_id")`);
    await q.query(
      `CREATE INDEX "ix_crisis_delivery_pending" ON "crisis_delivery"("status", "created_at") WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE TABLE "crisis_keyword_set" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "purpose" text NOT NULL, "keywords" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d477910a61d278b0b878b174b3a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_crisis_keyword_set_name" ON "crisis_keyword_set"("workspace_id", "name")`);
    await q.query(
      `CREATE TABLE "crisis_webhook" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "url" text NOT NULL, "format" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "secret_encrypted" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_804d65b16d8fe8d7eea72804223" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_crisis_webhook_workspace" ON "crisis_webhook"("workspace_id", "created_at")`);
    await q.query(
      `CREATE TABLE "sentiment_correction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "message_id" uuid NOT NULL, "user_id" uuid NOT NULL, "old_label" text, "new_label" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c28aa35a9fb9792a3960970f844" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_sentiment_correction_message" ON "sentiment_correction"("workspace_id", "message_id")`,
    );
    await q.query(
      `CREATE INDEX "ix_sentiment_correction_list" ON "sentiment_correction"("workspace_id", "created_at", "id")`,
    );
    await q.query(`ALTER TABLE "message" ADD "reach" integer`);
    await q.query(`CREATE INDEX "ix_message_event_time" ON "message"("workspace_id", "sent_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_message_event_time"`);
    await q.query(`ALTER TABLE "message" DROP COLUMN "reach"`);
    await q.query(`DROP TABLE "sentiment_correction"`);
    await q.query(`DROP TABLE "crisis_webhook"`);
    await q.query(`DROP TABLE "crisis_keyword_set"`);
    await q.query(`DROP TABLE "crisis_delivery"`);
    await q.query(`DROP TABLE "crisis_bucket"`);
    await q.query(`DROP TABLE "crisis_alert"`);
  }
}
