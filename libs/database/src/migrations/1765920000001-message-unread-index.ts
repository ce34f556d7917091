import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unread counts are customer messages stored after a member's read position, at most 100: with this
 * index they are a short range scan, instead of a walk over every message of the conversation.
 */
export class MessageUnreadIndex1765920000001 implements MigrationInterface {
  name = 'MessageUnreadIndex1765920000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_message_unread" ON "message" ("workspace_id", "conversation_id", "created_at") WHERE direction = 'in'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_message_unread"`);
  }
}
