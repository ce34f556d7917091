import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `conversation.waiting_since`: when the oldest customer message not yet answered arrived (null when
 * the last word is ours), so the inbox sorts by "waiting longest" in the database. Backfilled from the
 * messages already stored.
 */
export class ConversationWaiting1765400000000 implements MigrationInterface {
  name = 'ConversationWaiting1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation" ADD "waiting_since" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE conversation c SET waiting_since = w.first_in
         FROM (SELECT m.workspace_id, m.conversation_id, min(m.sent_at) AS first_in
                 FROM message m
                WHERE m.direction = 'in'
                  AND m.sent_at > COALESCE((SELECT max(o.sent_at) FROM message o
                                             WHERE o.workspace_id = m.workspace_id AND o.conversation_id = m.conversation_id
                                               AND o.direction = 'out'), '-infinity')
                GROUP BY m.workspace_id, m.conversation_id) w
        WHERE c.workspace_id = w.workspace_id AND c.id = w.conversation_id`,
    );
    await q.query(`CREATE INDEX "ix_conversation_waiting" ON "conversation" ("workspace_id", "waiting_since")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_conversation_waiting"`);
    await q.query(`ALTER TABLE "conversation" DROP COLUMN "waiting_since"`);
  }
}
