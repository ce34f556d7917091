/**
 * The socket.io contract: event names, rooms and payload shapes. Browsers and other clients rely on
 * these; change them only with the OpenAPI/README documentation.
 */
export interface AttachmentView {
  url: string;
  type?: string;
  name?: string;
  size?: number;
  contentType?: string;
  /** `pending` while Murmur downloads the file from the platform, `unavailable` when it could not. */
  status?: 'pending' | 'unavailable';
  error?: string;
}

export interface MessageView {
  id: string;
  conversationId: string;
  channelId: string;
  direction: 'in' | 'out';
  text: string;
  attachments: AttachmentView[];
  author: { type: 'contact'; identityId: string | null; name: string | null } | { type: 'user'; userId: string | null };
  platformMessageId: string | null;
  sentAt: string;
  createdAt: string;
  deliveryStatus: 'pending' | 'sent' | 'failed' | null;
  deliveryError: string | null;
  /** The author's followers or the group's size, when the channel reports it. */
  reach: number | null;
  sentiment: {
    label: string;
    score: number | null;
    confidence: number | null;
    language: string | null;
    model: string | null;
  } | null;
}

export interface ConversationView {
  id: string;
  channelId: string;
  contactId: string | null;
  contact: { id: string; name: string | null } | null;
  threadKey: string;
  isGroup: boolean;
  subject: string | null;
  status: 'open' | 'pending' | 'snoozed' | 'resolved';
  assigneeId: string | null;
  priority: 'none' | 'low' | 'medium' | 'high' | 'urgent';
  snoozedUntil: string | null;
  lastMessageAt: string;
  /** When the oldest unanswered customer message arrived; null when the last word is the team's. */
  waitingSince: string | null;
  unreadCount: number;
  lastMessage: { text: string; direction: 'in' | 'out'; sentAt: string } | null;
  labelIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** A crisis alert as clients see it (REST, socket.io and the generic JSON webhook carry the same shape). */
/**
 * One item of an alert: an inbound message (in a conversation) or a listening hit (a public post found
 * by a listening query, on its author's timeline, in no conversation).
 */
export interface AlertSampleView {
  kind: 'message' | 'listening_hit';
  /** The message id, or the listening hit's timeline event id. */
  id: string;
  /** null for a listening hit. */
  conversationId: string | null;
  channelType: string;
  author: string | null;
  /** The author's handle on the platform (listening hits), without `@`. */
  authorHandle: string | null;
  text: string;
  reach: number | null;
  sentiment: { label: string; confidence: number | null } | null;
  /** The platform's id of the message or post. */
  platformId: string | null;
  /** A link to the post on the platform, where known. */
  url: string | null;
  sentAt: string;
}

export interface AlertView {
  id: string;
  topic: { key: string; name: string };
  channelTypes: string[];
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'open' | 'acknowledged' | 'resolved';
  rules: string[];
  /** Event time: the crisis's first and latest firing windows. */
  window: { start: string; end: string };
  lastFiredAt: string;
  fireCount: number;
  figures: Record<string, unknown>[];
  terms: { term: string; count: number; lift: number }[];
  /** The most telling of its messages and listening hits, widest reach first. */
  samples: AlertSampleView[];
  /** Negative inbound messages the alert holds. */
  messageCount: number;
  /** Negative listening hits the alert holds (an X listening query's alert). */
  hitCount: number;
  /** Affected known contacts: VIPs first, then tagged contacts, then by reach. */
  contacts: { id: string; name: string | null; lifecycleStage: string; tagged: boolean }[];
  acknowledged: { by: string; at: string } | null;
  resolved: { by: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** A channel's connection status, as its admins see it. */
export interface ChannelStatusEventView {
  id: string;
  type: string;
  status: string;
  statusDetail: string | null;
  statusUntil: string | null;
  lastError: string | null;
  /** Only while `waiting_for_scan`: the login QR payload to render (never stored). */
  qrCode?: string;
}

export interface NoteView {
  id: string;
  conversationId: string;
  authorUserId: string;
  text: string;
  mentionedUserIds: string[];
  createdAt: string;
}

export interface Viewer {
  userId: string;
  name: string;
}

export interface ServerToClientEvents {
  'message.created': (e: { workspaceId: string; conversationId: string; message: MessageView }) => void;
  'message.updated': (e: { workspaceId: string; conversationId: string; message: MessageView }) => void;
  'conversation.updated': (e: { workspaceId: string; conversation: ConversationView }) => void;
  'alert.created': (e: { workspaceId: string; alert: AlertView }) => void;
  'alert.updated': (e: { workspaceId: string; alert: AlertView }) => void;
  /** To the workspace's owners and admins only. */
  'channel.updated': (e: { workspaceId: string; channel: ChannelStatusEventView }) => void;
  /** To the workspace room: a private note was added (staff only). */
  'note.created': (e: { workspaceId: string; conversationId: string; note: NoteView }) => void;
  /** To one member of the workspace only: their own unread count of a conversation changed. */
  'conversation.unread': (e: { workspaceId: string; conversationId: string; unreadCount: number }) => void;
  /** To the mentioned user's room only. */
  'note.mentioned': (e: {
    workspaceId: string;
    conversationId: string;
    note: NoteView;
    by: { userId: string; name: string };
  }) => void;
  /** To the conversation room: who has it open right now (ephemeral, never stored). */
  'presence.updated': (e: { conversationId: string; viewers: Viewer[] }) => void;
  /** To the conversation room, except the typist: someone started or stopped typing a reply. */
  typing: (e: { conversationId: string; userId: string; name: string; typing: boolean }) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

export interface ClientToServerEvents {
  'conversation.join': (req: { conversationId: string }, ack: (res: { ok: boolean; error?: string }) => void) => void;
  'conversation.leave': (req: { conversationId: string }, ack: (res: { ok: boolean }) => void) => void;
  typing: (req: { conversationId: string; typing: boolean }) => void;
}

/** Room names are built here only; clients never name a room. */
export const Rooms = {
  workspace: (workspaceId: string): string => `ws:${workspaceId}`,
  workspaceAdmins: (workspaceId: string): string => `wsadm:${workspaceId}`,
  user: (userId: string): string => `user:${userId}`,
  /** One user in one workspace (a user in two workspaces has two such rooms). */
  member: (workspaceId: string, userId: string): string => `mem:${workspaceId}:${userId}`,
  conversation: (conversationId: string): string => `conv:${conversationId}`,
};
