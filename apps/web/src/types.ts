/** Shapes the api returns and the socket.io events carry (see docs/inbox.md for the contract). */
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
export type Role = 'owner' | 'admin' | 'agent' | 'analyst';

export interface Sentiment {
  label: string;
  score: number | null;
  confidence: number | null;
  language: string | null;
  model: string | null;
}

export interface Message {
  id: string;
  conversationId: string;
  channelId: string;
  direction: 'in' | 'out';
  text: string;
  attachments: { url: string; type?: string; name?: string; size?: number }[];
  author: { type: 'contact'; identityId: string | null; name: string | null } | { type: 'user'; userId: string | null };
  platformMessageId: string | null;
  sentAt: string;
  createdAt: string;
  deliveryStatus: 'pending' | 'sent' | 'failed' | null;
  deliveryError: string | null;
  /** Present once messages are scored; the chip renders only when it is set. */
  sentiment?: Sentiment | null;
}

export interface Conversation {
  id: string;
  channelId: string;
  contactId: string | null;
  contact: { id: string; name: string | null } | null;
  threadKey: string;
  isGroup: boolean;
  subject: string | null;
  status: ConversationStatus;
  assigneeId: string | null;
  priority: Priority;
  snoozedUntil: string | null;
  lastMessageAt: string;
  unreadCount: number;
  lastMessage: { text: string; direction: 'in' | 'out'; sentAt: string } | null;
  labelIds?: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Channel {
  id: string;
  type: string;
  name: string;
  status: string;
  lastError: string | null;
  inboundUrl?: string;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  workspaceId: string;
  role: Role;
  workspaces: { id: string; name: string; role: Role }[];
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A crisis alert as published by `alert.created`; only the fields the banner needs. */
export interface AlertSummary {
  id: string;
  title?: string;
  topic?: string;
  severity?: string;
}
