import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reversible contact merge, merge suggestions, and the append-only audit log. The audit log's trigger
 * refuses UPDATE, DELETE and TRUNCATE for every role (superusers included), so no code path can rewrite it.
 */
export class IdentityGraph1764750000000 implements MigrationInterface {
  name = 'IdentityGraph1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "contact" ADD "merged_into_id" uuid`);
    await q.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "actor_user_id" uuid, "action" text NOT NULL, "target_type" text NOT NULL, "target_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_audit_log_workspace" ON "audit_log"  ("workspace_id", "occurred_at", "id") `);
    await q.query(
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
         FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
         FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    );
    await q.query(
      `CREATE TABLE "contact_merge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "surviving_contact_id" uuid NOT NULL, "absorbed_contact_id" uuid NOT NULL, "actor_user_id" uuid, "surviving_before" jsonb NOT NULL, "surviving_after" jsonb NOT NULL, "absorbed_before" jsonb NOT NULL, "identity_ids" uuid array NOT NULL, "conversation_ids" uuid array NOT NULL, "timeline_event_ids" uuid array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "undone_at" TIMESTAMP WITH TIME ZONE, "undone_by_user_id" uuid, CONSTRAINT "PK_6dec1e9d10eb49320bf7949df60" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_contact_merge_absorbed" ON "contact_merge"  ("workspace_id", "absorbed_contact_id") `,
    );
    await q.query(
      `CREATE INDEX "ix_contact_merge_surviving" ON "contact_merge"  ("workspace_id", "surviving_contact_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "merge_suggestion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "contact_a_id" uuid NOT NULL, "contact_b_id" uuid NOT NULL, "reason" text NOT NULL, "evidence" jsonb NOT NULL DEFAULT '{}', "confidence" real NOT NULL, "status" text NOT NULL DEFAULT 'pending', "decided_by_user_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "merge_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_27ea2407d1aeb735210d92c2669" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_merge_suggestion_status" ON "merge_suggestion"  ("workspace_id", "status", "created_at") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_merge_suggestion_pair" ON "merge_suggestion"  ("workspace_id", "contact_a_id", "contact_b_id", "reason") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "merge_suggestion"`);
    await q.query(`DROP TABLE "contact_merge"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`ALTER TABLE "contact" DROP COLUMN "merged_into_id"`);
  }
}
