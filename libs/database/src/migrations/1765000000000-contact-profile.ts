import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contact profile and segments: custom attributes per workspace (values on the contact, keyed by
 * attribute key), tags on contacts, the lifecycle stage, saved segments, the tags a merge added (so
 * un-merge can take them off), and an index for reading a contact's messages by author.
 */
export class ContactProfile1765000000000 implements MigrationInterface {
  name = 'ContactProfile1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "contact_attribute" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "key" text NOT NULL, "label" text NOT NULL, "type" text NOT NULL, "options" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_17096b305308de4cdb8ce729a91" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_contact_attribute_key" ON "contact_attribute"  ("workspace_id", "key") `);
    await q.query(
      `CREATE TABLE "tag" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e4052373c579afc1471f526760" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_tag_name" ON "tag"  ("workspace_id", "name") `);
    await q.query(
      `CREATE TABLE "contact_tag" ("workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "tag_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fe6872a467ff08d35c1aa3c163f" PRIMARY KEY ("workspace_id", "contact_id", "tag_id"))`,
    );
    await q.query(`CREATE INDEX "ix_contact_tag_tag" ON "contact_tag"  ("workspace_id", "tag_id") `);
    await q.query(
      `CREATE TABLE "segment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "name" text NOT NULL, "filter" jsonb NOT NULL, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d648ac58d8e0532689dfb8ad7ef" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_segment_name" ON "segment"  ("workspace_id", "name") `);
    await q.query(`ALTER TABLE "contact_merge" ADD "tag_ids_added" uuid array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "contact" ADD "lifecycle_stage" text NOT NULL DEFAULT 'new'`);
    await q.query(`ALTER TABLE "contact" ADD "attributes" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX "ix_message_author" ON "message"  ("workspace_id", "author_identity_id", "sent_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_message_author"`);
    await q.query(`ALTER TABLE "contact" DROP COLUMN "attributes"`);
    await q.query(`ALTER TABLE "contact" DROP COLUMN "lifecycle_stage"`);
    await q.query(`ALTER TABLE "contact_merge" DROP COLUMN "tag_ids_added"`);
    await q.query(`DROP TABLE "segment"`);
    await q.query(`DROP TABLE "contact_tag"`);
    await q.query(`DROP TABLE "tag"`);
    await q.query(`DROP TABLE "contact_attribute"`);
  }
}
