import type { ConversationView, MessageView } from '@scrm/realtime';
import type { ConversationRow } from './conversation.repository';
import type { MessageRow } from './message.repository';

export function toMessageView(r: MessageRow): MessageView {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    channelId: r.channel_id,
    direction: r.direction,
    text: r.text,
    // The platform's media reference is Murmur's business, not the client's.
    attachments: r.attachments.map(({ mediaRef: _mediaRef, ...a }) => a),
    author:
      r.author_user_id !== null || r.author_identity_id === null
        ? { type: 'user', userId: r.author_user_id }
        : { type: 'contact', identityId: r.author_identity_id, name: r.author_name },
    platformMessageId: r.platform_message_id,
    sentAt: r.sent_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    deliveryStatus: r.delivery_status,
    deliveryError: r.delivery_error,
    reach: r.reach,
    sentiment: r.sentiment_label
      ? {
          label: r.sentiment_label,
          score: r.sentiment_score,
          confidence: r.sentiment_confidence,
          language: r.sentiment_language,
          model: r.sentiment_model,
        }
      : null,
  };
}

export function toConversationView(r: ConversationRow): ConversationView {
  return {
    id: r.id,
    channelId: r.channel_id,
    contactId: r.contact_id,
    contact: r.contact_id ? { id: r.contact_id, name: r.contact_name } : null,
    threadKey: r.thread_key,
    isGroup: r.is_group,
    subject: r.subject,
    status: r.status,
    assigneeId: r.assignee_id,
    priority: r.priority,
    snoozedUntil: r.snoozed_until?.toISOString() ?? null,
    lastMessageAt: r.last_message_at.toISOString(),
    waitingSince: r.waiting_since?.toISOString() ?? null,
    unreadCount: r.my_unread ?? r.unread_count,
    lastMessage:
      r.lm_direction && r.lm_sent_at
        ? { text: (r.lm_text ?? '').slice(0, 200), direction: r.lm_direction, sentAt: r.lm_sent_at.toISOString() }
        : null,
    labelIds: r.label_ids ?? [],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
