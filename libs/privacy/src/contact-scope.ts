/**
 * The contacts that are one person for export and erasure: the contact itself and every contact merged
 * into it, however deep (a merged contact's data lives on the survivor). `$1` is the workspace, `$2` the
 * contact.
 */
export const CONTACT_SCOPE_SQL = `
  WITH RECURSIVE scope AS (
    SELECT id FROM contact WHERE workspace_id = $1 AND id = $2
    UNION
    SELECT c.id FROM contact c JOIN scope s ON c.merged_into_id = s.id WHERE c.workspace_id = $1
  )
  SELECT id FROM scope ORDER BY id`;

/** Stored attachments are referenced from messages by their Murmur URL; other URLs are the platform's. */
const STORED_ATTACHMENT = /^\/api\/v1\/attachments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function storedAttachmentIds(attachments: unknown): string[] {
  if (!Array.isArray(attachments)) return [];
  const ids: string[] = [];
  for (const a of attachments as { url?: unknown }[]) {
    const m = typeof a?.url === 'string' ? STORED_ATTACHMENT.exec(a.url) : null;
    if (m) ids.push(m[1]!.toLowerCase());
  }
  return ids;
}
