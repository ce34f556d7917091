import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channel-reported timeline events are deduplicated by one key, (workspace, channel, platform event id),
 * whether a push or a live session reported them. Rows recorded under the former `source_key`
 * (`<channel id>:<platform event id>`) move onto that key before the column goes.
 */
export class OneChannelEventKey1764800000000 implements MigrationInterface {
  name = 'OneChannelEventKey1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE "timeline_event"
          SET "channel_id" = split_part("source_key", ':', 1)::uuid,
              "platform_event_id" = substr("source_key", strpos("source_key", ':') + 1)
        WHERE "source_key" IS NOT NULL AND "platform_event_id" IS NULL`,
    );
    await q.query(`DROP INDEX "uq_timeline_source"`);
    await q.query(`ALTER TABLE "timeline_event" DROP COLUMN "source_key"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "timeline_event" ADD "source_key" text`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_timeline_source" ON "timeline_event" ("workspace_id", "source_key") WHERE "source_key" IS NOT NULL`,
    );
  }
}
