/** Shapes the api returns and the socket.io events carry (see docs/inbox.md for the contract). */
import type { AlertSampleView, AlertView } from '@scrm/realtime-events';

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

/** A file of a message: `url` is Murmur's authenticated `/api/v1/attachments/:id` or the platform's URL. */
export interface Attachment {
  url: string;
  type?: string;
  name?: string;
  size?: number;
  contentType?: string;
  /** A platform file still being fetched, or one that could not be (with the reason). */
  status?: 'pending' | 'unavailable';
  error?: string;
}

export interface Message {
  id: string;
  conversationId: string;
  channelId: string;
  direction: 'in' | 'out';
  text: string;
  attachments: Attachment[];
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
  waitingSince: string | null;
  /** The signed-in member's own unread count (REST and `conversation.unread`). */
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

/** One of an alert's messages (in a conversation) or listening hits (a public post, in none). */
export type AlertSample = AlertSampleView;

/** A crisis alert, identical in REST (`/crisis/alerts`) and the `alert.created` / `alert.updated` events. */
export type Alert = AlertView;

export interface TrendPoint {
  start: string;
  total: number;
  positive: number;
  neutral: number;
  negative: number;
  negativeReach: number;
}

export interface KeywordSet {
  id: string;
  name: string;
  purpose: 'topic' | 'crisis';
  keywords: string[];
  topicKey: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A topic detection watches (`GET /crisis/topics`): its key is the trend's `topic`. */
export interface CrisisTopic {
  key: string;
  name: string;
  kind: 'workspace' | 'keywords' | 'x-query';
}

export interface AlertWebhook {
  id: string;
  name: string;
  url: string;
  format: 'json' | 'wecom' | 'dingtalk' | 'slack';
  active: boolean;
  createdAt: string;
}
