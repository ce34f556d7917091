import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { ChannelIcon } from '../channel-icon';
import { useI18n, type MessageKey } from '../i18n';
import { useRealtime, useSocketEvent } from '../realtime';
import { LatestRead } from '../latest-read';
import { SafeText } from '../safe-text';
import { memberName, useSession } from '../session';
import type { Conversation, Message, Page, Priority } from '../types';
import { conversationTitle } from './conversation-list';
import { AttachmentList } from './attachment-list';
import type { LabelsState } from './labels';
import { ReplyBox } from './reply-box';

export interface Note {
  id: string;
  conversationId: string;
  authorUserId: string;
  text: string;
  mentionedUserIds: string[];
  createdAt: string;
}

interface Viewer {
  userId: string;
  name: string;
}

/** What a load reads, and live events change. */
interface Loaded {
  conversation: Conversation;
  messages: Message[];
  notes: Note[];
}

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

const SENTIMENT_KEYS: Record<string, MessageKey> = {
  positive: 'sentimentPositive',
  negative: 'sentimentNegative',
  neutral: 'sentimentNeutral',
};

export function ConversationView({
  conversationId,
  onLoaded,
  labels,
}: {
  conversationId: string;
  onLoaded(c: Conversation): void;
  labels: LabelsState;
}): ReactNode {
  const { t, dateTime } = useI18n();
  const { me, channels, members, canReply } = useSession();
  const { socket, epoch } = useRealtime();
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [notes, setNotes] = useState<Note[]>([]);
  const [error, setError] = useState('');
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const endRef = useRef<HTMLDivElement>(null);

  // A load can be older than live events that arrive before its answer (see LatestRead).
  const loads = useRef(new LatestRead<Loaded>());

  const load = useCallback(async () => {
    const read = loads.current.begin();
    try {
      const [fetched, page, fetchedNotes] = await Promise.all([
        api<Conversation>('GET', `/conversations/${conversationId}`),
        api<Page<Message>>('GET', `/conversations/${conversationId}/messages?limit=100`),
        api<Note[]>('GET', `/conversations/${conversationId}/notes`).catch(() => [] as Note[]),
      ]);
      const loaded = loads.current.settle(read, {
        conversation: fetched,
        messages: page.items.slice().reverse(),
        notes: fetchedNotes,
      });
      if (!loaded) return;
      setConversation(loaded.conversation);
      onLoaded(loaded.conversation);
      setMessages(loaded.messages);
      setNotes(loaded.notes);
      setError('');
      // The member's own unread count is the read's (an event carries the workspace's).
      if (fetched.unreadCount > 0) void api('POST', `/conversations/${conversationId}/read`).catch(() => undefined);
    } catch (err) {
      if (loads.current.isLatest(read)) setError(err instanceof Error ? err.message : String(err));
    } finally {
      loads.current.end(read);
    }
  }, [conversationId, onLoaded]);

  // (Re)load and (re)join the conversation's room on open and after every reconnection.
  useEffect(() => {
    void load();
    if (!socket) return;
    socket.emit('conversation.join', { conversationId }, () => undefined);
    return () => {
      socket.emit('conversation.leave', { conversationId }, () => undefined);
    };
  }, [load, socket, conversationId, epoch]);

  // A socket event carries the newest state of a message and replaces ours. The answer to our own send
  // or retry can arrive after the event reporting its delivery: it adds a message not seen yet, or moves
  // a failed one back to pending, but never overwrites the newer state an event already brought.
  const putMessage = (m: Message, from: 'event' | 'answer'): void => {
    const change = (list: Message[]): Message[] => {
      const known = list.find((x) => x.id === m.id);
      if (!known) return [...list, m].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
      const replace = from === 'event' || (known.deliveryStatus === 'failed' && m.deliveryStatus === 'pending');
      return replace ? list.map((x) => (x.id === m.id ? m : x)) : list;
    };
    loads.current.record((l) => ({ ...l, messages: change(l.messages) }));
    setMessages(change);
  };
  const applyAnswer = (m: Message): void => putMessage(m, 'answer');
  useSocketEvent<{ conversationId: string; message: Message }>('message.created', (e) => {
    if (e.conversationId === conversationId) putMessage(e.message, 'event');
  });
  useSocketEvent<{ conversationId: string; message: Message }>('message.updated', (e) => {
    if (e.conversationId === conversationId) putMessage(e.message, 'event');
  });
  useSocketEvent<{ conversation: Conversation }>('conversation.updated', (e) => {
    if (e.conversation.id !== conversationId) return;
    loads.current.record((l) => ({ ...l, conversation: e.conversation }));
    setConversation(e.conversation);
  });
  // An open, visible conversation is being read: customer messages arriving in it are not unread.
  useSocketEvent<{ conversationId: string; unreadCount: number }>('conversation.unread', (e) => {
    if (e.conversationId !== conversationId || e.unreadCount === 0 || document.visibilityState !== 'visible') return;
    void api('POST', `/conversations/${conversationId}/read`).catch(() => undefined);
  });
  useSocketEvent<{ conversationId: string; note: Note }>('note.created', (e) => {
    if (e.conversationId !== conversationId) return;
    const change = (ns: Note[]): Note[] => [...ns.filter((n) => n.id !== e.note.id), e.note];
    loads.current.record((l) => ({ ...l, notes: change(l.notes) }));
    setNotes(change);
  });
  useSocketEvent<{ conversationId: string; viewers: Viewer[] }>('presence.updated', (e) => {
    if (e.conversationId === conversationId) setViewers(e.viewers);
  });
  useSocketEvent<{ conversationId: string; userId: string; name: string; typing: boolean }>('typing', (e) => {
    if (e.conversationId !== conversationId || e.userId === me.id) return;
    setTyping((cur) => {
      const next = { ...cur };
      if (e.typing) next[e.userId] = { name: e.name, until: Date.now() + 8000 };
      else delete next[e.userId];
      return next;
    });
  });
  useEffect(() => {
    const timer = setInterval(() => {
      setTyping((cur) => {
        const now = Date.now();
        const live = Object.entries(cur).filter(([, v]) => v.until > now);
        return live.length === Object.keys(cur).length ? cur : Object.fromEntries(live);
      });
    }, 2000);
    return () => clearInterval(timer);
  }, []);

  const entries = useMemo<Entry[]>(
    () =>
      [
        ...messages.map((m): Entry => ({ kind: 'message', at: m.sentAt, message: m })),
        ...notes.map((n): Entry => ({ kind: 'note', at: n.createdAt, note: n })),
      ].sort((a, b) => a.at.localeCompare(b.at)),
    [messages, notes],
  );

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [entries.length]);

  const patch = async (body: Record<string, unknown>): Promise<void> => {
    try {
      setConversation(await api<Conversation>('PATCH', `/conversations/${conversationId}`, body));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  if (!conversation) return <p className="empty">{error ? `${t('error')}: ${error}` : t('loading')}</p>;
  const channel = channels.find((c) => c.id === conversation.channelId);
  const otherViewers = viewers.filter((v) => v.userId !== me.id);
  const typers = Object.values(typing).map((x) => x.name);

  return (
    <div className="conversation">
      <header className="conversation-head">
        <h2>
          <ChannelIcon channel={channel} /> {conversationTitle(conversation)}
        </h2>
        <div className="controls">
          <select
            aria-label={t('status')}
            value={conversation.status}
            disabled={!canReply}
            onChange={(e) => void patch({ status: e.target.value })}
          >
            {(['open', 'pending', 'resolved'] as const).map((s) => (
              <option key={s} value={s}>
                {t(s)}
              </option>
            ))}
            {conversation.status === 'snoozed' ? <option value="snoozed">{t('snoozed')}</option> : null}
          </select>
          <select
            aria-label={t('snooze')}
            value=""
            disabled={!canReply}
            onChange={(e) => {
              const v = e.target.value;
              if (!v) return;
              const until = v === 'next' ? undefined : snoozeTime(v);
              void patch({ status: 'snoozed', ...(until ? { snoozedUntil: until } : {}) });
            }}
          >
            <option value="">{t('snooze')}…</option>
            <option value="next">{t('snoozeUntilNextMessage')}</option>
            <option value="hour">{t('snoozeOneHour')}</option>
            <option value="tomorrow">{t('snoozeTomorrow')}</option>
          </select>
          <select
            aria-label={t('assignee')}
            value={conversation.assigneeId ?? ''}
            disabled={!canReply}
            onChange={(e) => void patch({ assigneeId: e.target.value || null })}
          >
            <option value="">{t('unassign')}</option>
            {members
              .filter((m) => m.role !== 'analyst')
              .map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name || m.email}
                </option>
              ))}
          </select>
          <select
            aria-label={t('priority')}
            value={conversation.priority}
            disabled={!canReply}
            onChange={(e) => void patch({ priority: e.target.value as Priority })}
          >
            {(['none', 'low', 'medium', 'high', 'urgent'] as const).map((p) => (
              <option key={p} value={p}>
                {t(p)}
              </option>
            ))}
          </select>
        </div>
        <LabelPicker conversation={conversation} labels={labels} onChange={setConversation} disabled={!canReply} />
        {conversation.status === 'snoozed' && conversation.snoozedUntil ? (
          <p className="meta">
            {t('snoozedUntil')} {dateTime(conversation.snoozedUntil)}
          </p>
        ) : null}
        {otherViewers.length > 0 ? (
          <p className="presence" role="status">
            {t('viewing')}: {otherViewers.map((v) => v.name).join(', ')}
          </p>
        ) : null}
      </header>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <ol className="messages" aria-label={t('messages')}>
        {entries.map((e) =>
          e.kind === 'message' ? (
            <MessageItem key={e.message.id} message={e.message} conversation={conversation} onRetry={applyAnswer} />
          ) : (
            <li key={e.note.id} className="note">
              <div className="meta">
                {t('note')} · {memberName(members, e.note.authorUserId) ?? t('agent')} ·{' '}
                <time dateTime={e.note.createdAt}>{dateTime(e.note.createdAt)}</time>
              </div>
              <div className="text">
                <SafeText text={e.note.text} />
              </div>
            </li>
          ),
        )}
      </ol>
      <div ref={endRef} />
      <p className="typing" aria-live="polite">
        {typers.length > 0 ? `${typers.join(', ')} ${t('typing')}` : ''}
      </p>
      {canReply ? (
        <ReplyBox
          conversation={conversation}
          othersTyping={typers}
          onSent={applyAnswer}
          onNote={(n) => setNotes((ns) => [...ns.filter((x) => x.id !== n.id), n])}
        />
      ) : (
        <p className="meta">{t('readOnly')}</p>
      )}
    </div>
  );
}

function snoozeTime(kind: string): string {
  const d = new Date();
  if (kind === 'hour') d.setHours(d.getHours() + 1);
  else {
    d.setDate(d.getDate() + 1);
    d.setHours(9, 0, 0, 0);
  }
  return d.toISOString();
}

function MessageItem({
  message: m,
  conversation,
  onRetry,
}: {
  message: Message;
  conversation: Conversation;
  onRetry(m: Message): void;
}): ReactNode {
  const { t, dateTime } = useI18n();
  const { channels, members, me, canReply } = useSession();
  const sender =
    m.author.type === 'contact'
      ? m.author.name || conversation.contact?.name || t('customer')
      : m.author.userId === me.id
        ? t('you')
        : (memberName(members, m.author.userId) ?? t('agent'));
  const sentimentKey = m.sentiment ? SENTIMENT_KEYS[m.sentiment.label] : undefined;
  return (
    <li className={`message ${m.direction}`} data-message-id={m.id}>
      <div className="meta">
        <span className="sender">{sender}</span> · <ChannelIcon channel={channels.find((c) => c.id === m.channelId)} />{' '}
        · <time dateTime={m.sentAt}>{dateTime(m.sentAt)}</time>
        {m.sentiment ? <SentimentChip message={m} label={sentimentKey ? t(sentimentKey) : m.sentiment.label} /> : null}
      </div>
      <div className="text">
        <SafeText text={m.text} />
      </div>
      {m.attachments.length > 0 ? <AttachmentList attachments={m.attachments} /> : null}
      {m.direction === 'out' && m.deliveryStatus ? (
        <div className={`delivery delivery-${m.deliveryStatus}`} data-delivery-status={m.deliveryStatus}>
          {m.deliveryStatus === 'pending'
            ? t('deliveryPending')
            : m.deliveryStatus === 'sent'
              ? t('deliverySent')
              : `${t('deliveryFailed')}: ${m.deliveryError ?? ''}`}
          {m.deliveryStatus === 'failed' && canReply ? (
            <button
              type="button"
              onClick={() =>
                void api<Message>('POST', `/conversations/${m.conversationId}/messages/${m.id}/retry`).then(onRetry)
              }
            >
              {t('retry')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function LabelPicker({
  conversation,
  labels,
  onChange,
  disabled,
}: {
  conversation: Conversation;
  labels: LabelsState;
  onChange(c: Conversation): void;
  disabled: boolean;
}): ReactNode {
  const { t } = useI18n();
  if (labels.list.length === 0) return null;
  const current = conversation.labelIds ?? [];
  const save = async (labelIds: string[]): Promise<void> =>
    onChange(await api<Conversation>('PUT', `/conversations/${conversation.id}/labels`, { labelIds }));
  return (
    <div className="labels" role="group" aria-label={t('labelsOf')}>
      {current.map((id) => {
        const l = labels.list.find((x) => x.id === id);
        return l ? (
          <span key={id} className="label-chip" style={{ borderColor: l.color }}>
            {l.name}
            <button
              type="button"
              aria-label={`${t('removeLabel')} ${l.name}`}
              disabled={disabled}
              onClick={() => void save(current.filter((x) => x !== id))}
            >
              ×
            </button>
          </span>
        ) : null;
      })}
      <select
        aria-label={t('addLabel')}
        value=""
        disabled={disabled}
        onChange={(e) => e.target.value && void save([...current, e.target.value])}
      >
        <option value="">{t('addLabel')}…</option>
        {labels.list
          .filter((l) => !current.includes(l.id))
          .map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
      </select>
    </div>
  );
}

/**
 * The sentiment of an inbound message. Agents correct it in place; the corrected message comes back
 * over `message.updated`, so every open view of the conversation follows.
 */
function SentimentChip({ message: m, label }: { message: Message; label: string }): ReactNode {
  const { t } = useI18n();
  const { canReply } = useSession();
  const [error, setError] = useState('');
  const current = m.sentiment?.label ?? 'neutral';
  const corrected = m.sentiment?.model === 'agent';
  if (!canReply || m.direction !== 'in') {
    return (
      <span className={`sentiment sentiment-${current}`} aria-label={`${t('sentiment')}: ${label}`}>
        {label}
      </span>
    );
  }
  return (
    <>
      <select
        className={`sentiment sentiment-${current}`}
        aria-label={t('correctSentiment')}
        title={corrected ? t('sentimentCorrected') : t('correctSentiment')}
        value={current}
        data-sentiment={current}
        onChange={(e) => {
          const next = e.target.value;
          setError('');
          void api('PUT', `/messages/${m.id}/sentiment`, { label: next }).catch((err: unknown) =>
            setError(err instanceof Error ? err.message : String(err)),
          );
        }}
      >
        {(['positive', 'neutral', 'negative'] as const).map((s) => (
          <option key={s} value={s}>
            {t(SENTIMENT_KEYS[s]!)}
          </option>
        ))}
      </select>
      {corrected ? <span className="sr-only">{t('sentimentCorrected')}</span> : null}
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : null}
    </>
  );
}
