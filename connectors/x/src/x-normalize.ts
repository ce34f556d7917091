import type { NormalizedInboundMessage, NormalizedTimelineEvent } from '@scrm/connector-sdk';

/** The v2 shapes Murmur asks X for (see the field lists in x-poller.ts). */
export interface XUser {
  id: string;
  name?: string;
  username?: string;
  profile_image_url?: string;
  verified?: boolean;
  public_metrics?: { followers_count?: number };
}

export interface XPost {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  lang?: string;
  entities?: { mentions?: { id?: string; username?: string }[] };
}

export interface XDmEvent {
  id: string;
  event_type: string;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
  created_at?: string;
}

export const POST_THREAD = 'post:';
export const DM_THREAD = 'dm:';

export function postUrl(post: XPost, author: XUser | undefined): string {
  return `https://x.com/${author?.username ?? 'i'}/status/${post.id}`;
}

function displayName(u: XUser | undefined): string | undefined {
  if (!u) return undefined;
  return u.name && u.username ? `${u.name} (@${u.username})` : (u.name ?? u.username);
}

/** A post addressed to the brand: one message in the reply thread's conversation. */
export function postToMessage(post: XPost, users: Map<string, XUser>, now: Date): NormalizedInboundMessage {
  const author = post.author_id ? users.get(post.author_id) : undefined;
  return {
    platformMessageId: post.id,
    threadKey: `${POST_THREAD}${post.conversation_id ?? post.id}`,
    sender: {
      platformUserId: post.author_id ?? 'unknown',
      displayName: displayName(author),
      avatarUrl: author?.profile_image_url,
      ...profileOf(author),
    },
    text: post.text,
    attachments: [],
    sentAt: post.created_at ?? now.toISOString(),
    ...reachOf(author),
  };
}

/** The author's followers: how many people a post (or a DM's author) can reach; crisis detection weighs it. */
function reachOf(u: XUser | undefined): { reach?: number } {
  const { followers } = profileOf(u);
  return followers === undefined ? {} : { reach: followers };
}

/** The verified badge and follower count X reports for a user (`user.fields=verified,public_metrics`). */
export function profileOf(u: XUser | undefined): { verified?: boolean; followers?: number } {
  const n = u?.public_metrics?.followers_count;
  return {
    ...(typeof u?.verified === 'boolean' ? { verified: u.verified } : {}),
    ...(typeof n === 'number' && n >= 0 ? { followers: n } : {}),
  };
}

/** A listening hit nobody addressed to the brand: a mention on the author's timeline, no conversation. */
export function postToMention(
  post: XPost,
  users: Map<string, XUser>,
  query: string,
  now: Date,
): NormalizedTimelineEvent {
  const author = post.author_id ? users.get(post.author_id) : undefined;
  return {
    platformEventId: `post:${post.id}`,
    kind: 'x.mention',
    threadKey: `${POST_THREAD}${post.conversation_id ?? post.id}`,
    platformUserId: post.author_id,
    displayName: displayName(author),
    ...profileOf(author),
    data: {
      postId: post.id,
      url: postUrl(post, author),
      text: post.text,
      lang: post.lang ?? null,
      query,
      authorHandle: author?.username ?? null,
      followers: author?.public_metrics?.followers_count ?? null,
      verified: author?.verified ?? null,
    },
    occurredAt: post.created_at ?? now.toISOString(),
  };
}

/** The thread key of the one-to-one DM conversation of two users: X names it by their ids, smaller first. */
export function dmThreadKey(userA: string, userB: string): string {
  const [a, b] = [userA, userB].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  return `${DM_THREAD}${a}-${b}`;
}

/** The other participant of a one-to-one DM conversation (`<id>-<id>`), or undefined for groups. */
export function dmPeer(conversationId: string | undefined, brandUserId: string): string | undefined {
  const m = /^(\d+)-(\d+)$/.exec(conversationId ?? '');
  if (!m) return undefined;
  return m[1] === brandUserId ? m[2] : m[2] === brandUserId ? m[1] : undefined;
}

export function dmToMessage(
  event: XDmEvent,
  users: Map<string, XUser>,
  brandUserId: string,
  now: Date,
): NormalizedInboundMessage {
  const fromBrand = event.sender_id === brandUserId;
  const peer = dmPeer(event.dm_conversation_id, brandUserId);
  const contactId = fromBrand ? (peer ?? 'unknown') : (event.sender_id ?? 'unknown');
  const contact = users.get(contactId);
  return {
    platformMessageId: event.id,
    threadKey: `${DM_THREAD}${event.dm_conversation_id ?? contactId}`,
    isGroup: event.dm_conversation_id !== undefined && peer === undefined,
    sender: {
      platformUserId: contactId,
      displayName: displayName(contact),
      avatarUrl: contact?.profile_image_url,
      ...profileOf(contact),
    },
    text: event.text ?? '',
    attachments: [],
    sentAt: event.created_at ?? now.toISOString(),
    direction: fromBrand ? 'out' : 'in',
    ...(fromBrand ? {} : reachOf(contact)),
  };
}

export function usersById(users: XUser[] | undefined): Map<string, XUser> {
  return new Map((users ?? []).map((u) => [u.id, u]));
}
