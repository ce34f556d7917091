import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over message text in Chinese, Japanese, Korean and European languages.
 *
 * `murmur_search_document(text)` rewrites a text into space-separated tokens: every run of CJK
 * characters becomes its overlapping bigrams followed by the run's last character on its own
 * ("退款很慢" → "退款 款很 很慢 慢"); everything else keeps its letters and digits. The `english`
 * text search configuration then lowercases and stems the words, and leaves the CJK tokens alone.
 * A query for a CJK string of two or more characters is the phrase of its bigrams; a single
 * character is a prefix match, which the trailing character keeps complete. No dictionary or
 * locale is involved, so PostgreSQL and the embedded database tokenise identically.
 *
 * A trigger keeps `message.search_vector` current (not a generated column, so the ORM schema check
 * treats it as an ordinary column); a GIN index serves the match. See docs/search.md for the choice
 * over pg_trgm, with measurements.
 */
export class MessageSearch1765200000000 implements MigrationInterface {
  name = 'MessageSearch1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION murmur_search_document(body text) RETURNS text
         LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
         SELECT coalesce(string_agg(
                  CASE WHEN seg[1] ~ '^[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff]'
                       THEN (SELECT string_agg(substr(seg[1], i, 2), ' ' ORDER BY i)
                               FROM generate_series(1, char_length(seg[1])) AS i)
                       ELSE regexp_replace(seg[1], '[^0-9A-Za-z\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff]+', ' ', 'g')
                  END, ' '), '')
           FROM regexp_matches(body,
                  '[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff]+|[^\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff]+',
                  'g') AS seg
       $fn$`,
    );
    await q.query(
      `CREATE FUNCTION murmur_search_vector(body text) RETURNS tsvector
         LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
         SELECT to_tsvector('english'::regconfig, murmur_search_document(coalesce(body, '')))
       $fn$`,
    );
    await q.query(
      `CREATE FUNCTION murmur_message_search_vector() RETURNS trigger LANGUAGE plpgsql AS $fn$
       BEGIN
         NEW.search_vector := murmur_search_vector(NEW.text);
         RETURN NEW;
       END
       $fn$`,
    );
    await q.query(`ALTER TABLE "message" ADD "search_vector" tsvector`);
    await q.query(
      `CREATE TRIGGER "tg_message_search_vector" BEFORE INSERT OR UPDATE OF "text" ON "message"
         FOR EACH ROW EXECUTE FUNCTION murmur_message_search_vector()`,
    );
    await q.query(`UPDATE "message" SET "search_vector" = murmur_search_vector("text")`);
    await q.query(`CREATE INDEX "ix_message_search" ON "message" USING gin ("search_vector")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_message_search"`);
    await q.query(`DROP TRIGGER "tg_message_search_vector" ON "message"`);
    await q.query(`ALTER TABLE "message" DROP COLUMN "search_vector"`);
    await q.query(`DROP FUNCTION murmur_message_search_vector()`);
    await q.query(`DROP FUNCTION murmur_search_vector(text)`);
    await q.query(`DROP FUNCTION murmur_search_document(text)`);
  }
}
