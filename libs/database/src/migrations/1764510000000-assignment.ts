import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Auto-assignment: a per-channel policy (manual or round-robin with a per-agent capacity) and agent presence. */
export class Assignment1764510000000 implements MigrationInterface {
  name = 'Assignment1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "assignment_policy" ("workspace_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "mode" text NOT NULL DEFAULT 'manual', "capacity" integer NOT NULL DEFAULT '10', "last_assigned_user_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_44cfc158eb4e72a2e4d77dc6496" PRIMARY KEY ("workspace_id", "channel_id"))`,
    );
    await q.query(
      `CREATE TABLE "agent_presence" ("workspace_id" uuid NOT NULL, "user_id" uuid NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f224cad768cdf1f6b8aadc81368" PRIMARY KEY ("workspace_id", "user_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "agent_presence"`);
    await q.query(`DROP TABLE "assignment_policy"`);
  }
}
