/** The authenticated URL of a file Murmur stores itself (`GET /api/v1/attachments/:id`). */
export function attachmentUrl(id: string): string {
  return `/api/v1/attachments/${id}`;
}

const OWN_URL = /^\/api\/v1\/attachments\/([0-9a-f-]{36})$/;

/** The id of a stored file from its URL; undefined for any other URL (a platform's, say). */
export function storedAttachmentId(url: string): string | undefined {
  return OWN_URL.exec(url)?.[1];
}
