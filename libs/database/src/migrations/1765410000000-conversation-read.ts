import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-member read positions: each member's own unread count per conversation. */
export class ConversationRead1765410000000 implements MigrationInterface {
  name = 'ConversationRead1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "conversation_read" ("workspace_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "last_read_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_conversation_read" PRIMARY KEY ("workspace_id", "conversation_id", "user_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "conversation_read"`);
  }
}
