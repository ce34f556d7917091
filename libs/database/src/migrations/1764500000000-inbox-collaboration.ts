import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Inbox collaboration: labels on conversations, canned responses, and private notes with mentions. */
export class InboxCollaboration1764500000000 implements MigrationInterface {
  name = 'InboxCollaboration1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "label" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "color" text NOT NULL DEFAULT '#4a7bd0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5692ac5348861d3776eb5843672" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_label_name" ON "label" ("workspace_id", "name")`);
    await q.query(
      `CREATE TABLE "conversation_label" ("workspace_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "label_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9788eb207356d2ce3b6ff089c92" PRIMARY KEY ("workspace_id", "conversation_id", "label_id"))`,
    );
    await q.query(`CREATE INDEX "ix_conversation_label_label" ON "conversation_label" ("workspace_id", "label_id")`);
    await q.query(
      `CREATE TABLE "canned_response" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "shortcut" text NOT NULL, "content" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc49cdfdecc89466143d10a5ecb" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_canned_response_shortcut" ON "canned_response" ("workspace_id", "shortcut")`,
    );
    await q.query(
      `CREATE TABLE "conversation_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "author_user_id" uuid NOT NULL, "text" text NOT NULL, "mentioned_user_ids" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ca84827146e6e827ef9937efb0" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_conversation_note_conversation" ON "conversation_note" ("workspace_id", "conversation_id", "created_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "conversation_note"`);
    await q.query(`DROP TABLE "canned_response"`);
    await q.query(`DROP TABLE "conversation_label"`);
    await q.query(`DROP TABLE "label"`);
  }
}
