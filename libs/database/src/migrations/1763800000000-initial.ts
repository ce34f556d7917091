import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The foundation schema: workspaces, staff, channels, contacts and identities, conversations, messages,
 * the timeline, and the inbound staging table. Every tenant-owned table carries workspace_id, and every
 * unique key includes it. */
export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "workspace" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca86b6f9b3be5fe26d307d09b49" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "password_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user" ("email")`);
    await q.query(
      `CREATE TABLE "workspace_member" ("workspace_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0eab76d5a9c509930a9f3d7a104" PRIMARY KEY ("workspace_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_workspace_member_user" ON "workspace_member" ("user_id")`);
    await q.query(
      `CREATE TABLE "channel" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "type" text NOT NULL, "name" text NOT NULL, "config" jsonb NOT NULL DEFAULT '{}', "secrets_encrypted" text, "status" text NOT NULL DEFAULT 'active', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_590f33ee6ee7d76437acf362e39" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_channel_workspace" ON "channel" ("workspace_id", "created_at")`);
    await q.query(
      `CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text, "avatar_url" text, "last_seen_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_contact_workspace" ON "contact" ("workspace_id", "created_at")`);
    await q.query(
      `CREATE TABLE "identity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "channel_type" text NOT NULL, "scope_key" text NOT NULL DEFAULT '', "platform_user_id" text NOT NULL, "display_name" text, "avatar_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ff16a44186b286d5e626178f726" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_identity_contact" ON "identity" ("workspace_id", "contact_id")`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_identity_handle" ON "identity" ("workspace_id", "channel_type", "scope_key", "platform_user_id")`,
    );
    await q.query(
      `CREATE TABLE "conversation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "contact_id" uuid, "thread_key" text NOT NULL, "is_group" boolean NOT NULL DEFAULT false, "subject" text, "status" text NOT NULL DEFAULT 'open', "assignee_id" uuid, "priority" text NOT NULL DEFAULT 'none', "snoozed_until" TIMESTAMP WITH TIME ZONE, "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL, "unread_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_864528ec4274360a40f66c29845" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_conversation_contact" ON "conversation" ("workspace_id", "contact_id")`);
    await q.query(`CREATE INDEX "ix_conversation_list" ON "conversation" ("workspace_id", "last_message_at", "id")`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_conversation_thread" ON "conversation" ("workspace_id", "channel_id", "thread_key")`,
    );
    await q.query(
      `CREATE TABLE "message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "direction" text NOT NULL, "author_identity_id" uuid, "author_user_id" uuid, "text" text NOT NULL DEFAULT '', "attachments" jsonb NOT NULL DEFAULT '[]', "platform_message_id" text, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivery_status" text, "delivery_error" text, "sentiment_label" text, "sentiment_score" real, "sentiment_confidence" real, "sentiment_language" text, "sentiment_model" text, CONSTRAINT "PK_ba01f0a3e0123651915008bc578" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_message_pending_outbound" ON "message" ("delivery_status", "created_at") WHERE delivery_status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX "ix_message_conversation" ON "message" ("workspace_id", "conversation_id", "sent_at", "id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_message_platform_id" ON "message" ("workspace_id", "channel_id", "platform_message_id")`,
    );
    await q.query(
      `CREATE TABLE "timeline_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "contact_id" uuid, "conversation_id" uuid, "message_id" uuid, "kind" text NOT NULL, "actor_user_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f5a66cd7151d78a419da3a3375" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_timeline_conversation" ON "timeline_event" ("workspace_id", "conversation_id", "occurred_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_timeline_contact" ON "timeline_event" ("workspace_id", "contact_id", "occurred_at", "id")`,
    );
    await q.query(
      `CREATE TABLE "inbound_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "platform_message_id" text NOT NULL, "payload" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0c825a71c08c85b9760d57adf01" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_inbound_event_received" ON "inbound_event" ("received_at")`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_inbound_event_platform_id" ON "inbound_event" ("workspace_id", "channel_id", "platform_message_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "inbound_event"`);
    await q.query(`DROP TABLE "timeline_event"`);
    await q.query(`DROP TABLE "message"`);
    await q.query(`DROP TABLE "conversation"`);
    await q.query(`DROP TABLE "identity"`);
    await q.query(`DROP TABLE "contact"`);
    await q.query(`DROP TABLE "channel"`);
    await q.query(`DROP TABLE "workspace_member"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP TABLE "workspace"`);
  }
}
