import type { ReactNode } from 'react';
import { ChannelIcon } from '../channel-icon';
import { useI18n } from '../i18n';
import { memberName, useSession } from '../session';
import type { Conversation } from '../types';
import type { Label } from './labels';

export function conversationTitle(c: Conversation): string {
  return c.contact?.name || c.subject || c.threadKey;
}

export function ConversationList({
  items,
  selectedId,
  labels,
}: {
  items: Conversation[];
  selectedId: string | null;
  labels: Label[];
}): ReactNode {
  const { t, dateTime } = useI18n();
  const { channels, members } = useSession();
  return (
    <ul className="conversation-list" aria-label={t('conversations')}>
      {items.map((c) => {
        const title = conversationTitle(c);
        const assignee = memberName(members, c.assigneeId);
        return (
          <li key={c.id} className={c.id === selectedId ? 'selected' : undefined} data-conversation-id={c.id}>
            <a
              href={`#/inbox/${c.id}`}
              aria-current={c.id === selectedId ? 'true' : undefined}
              aria-label={`${title}${c.unreadCount > 0 ? `, ${c.unreadCount} ${t('unread')}` : ''}`}
            >
              <div className="row">
                <ChannelIcon channel={channels.find((ch) => ch.id === c.channelId)} />
                <strong className="title">{title}</strong>
                {c.unreadCount > 0 ? (
                  <span className="badge" aria-hidden="true">
                    {c.unreadCount}
                  </span>
                ) : null}
                <time className="meta" dateTime={c.lastMessageAt}>
                  {dateTime(c.lastMessageAt)}
                </time>
              </div>
              <div className="preview">{c.lastMessage ? c.lastMessage.text : ''}</div>
              <div className="row meta">
                <span className={`status status-${c.status}`}>{t(c.status)}</span>
                {c.priority !== 'none' ? <span className={`prio prio-${c.priority}`}>{t(c.priority)}</span> : null}
                {assignee ? <span className="assignee">{assignee}</span> : null}
                {(c.labelIds ?? []).map((id) => {
                  const l = labels.find((x) => x.id === id);
                  return l ? (
                    <span key={id} className="label-chip" style={{ borderColor: l.color }}>
                      {l.name}
                    </span>
                  ) : null;
                })}
              </div>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
