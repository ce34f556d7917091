import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n } from '../i18n';
import { useRealtime } from '../realtime';
import { useSession } from '../session';
import type { Conversation, Message } from '../types';
import type { Note } from './conversation-view';

interface Canned {
  id: string;
  shortcut: string;
  content: string;
}

/** Fills `{{contact.name}}`, `{{agent.name}}` and `{{workspace.name}}` in a canned response. */
export function fillCanned(content: string, vars: Record<string, string>): string {
  return content.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => vars[key] ?? whole);
}

export function ReplyBox({
  conversation,
  othersTyping,
  onSent,
  onNote,
}: {
  conversation: Conversation;
  othersTyping: string[];
  onSent(m: Message): void;
  onNote(n: Note): void;
}): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { socket } = useRealtime();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [warn, setWarn] = useState(false);
  const [info, setInfo] = useState('');
  const [canned, setCanned] = useState<Canned[]>([]);
  const [pick, setPick] = useState(0);
  const lastTyping = useRef(0);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    void api<Canned[]>('GET', '/canned-responses')
      .then(setCanned)
      .catch(() => setCanned([]));
  }, []);

  // `/shortcut` at the start of the box or after a space opens the canned-response list.
  const slash = mode === 'reply' ? /(^|\s)\/([^\s/]*)$/.exec(text) : null;
  const matches = slash ? canned.filter((c) => c.shortcut.toLowerCase().startsWith(slash[2]!.toLowerCase())) : [];

  const emitTyping = (typing: boolean): void => {
    if (!socket || mode !== 'reply') return;
    const now = Date.now();
    if (typing && now - lastTyping.current < 2500) return;
    lastTyping.current = typing ? now : 0;
    socket.emit('typing', { conversationId: conversation.id, typing });
  };

  const insert = (c: Canned): void => {
    const filled = fillCanned(c.content, {
      'contact.name': conversation.contact?.name ?? '',
      'agent.name': me.name,
      'workspace.name': me.workspaces.find((w) => w.id === me.workspaceId)?.name ?? '',
    });
    setText((cur) => cur.replace(/\/[^\s/]*$/, filled));
    setPick(0);
    area.current?.focus();
  };

  const send = async (force = false): Promise<void> => {
    const body = text.trim();
    if (!body || busy) return;
    if (mode === 'reply' && othersTyping.length > 0 && !force) {
      setWarn(true);
      return;
    }
    setWarn(false);
    setBusy(true);
    setError('');
    try {
      if (mode === 'reply') {
        onSent(await api<Message>('POST', `/conversations/${conversation.id}/messages`, { text: body }));
        emitTyping(false);
      } else {
        onNote(await api<Note>('POST', `/conversations/${conversation.id}/notes`, { text: body }));
      }
      setText('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      area.current?.focus();
    }
  };

  // A public X thread (`post:`) can be taken private: the text goes to the author as a DM.
  const canMoveToDm = mode === 'reply' && conversation.threadKey.startsWith('post:');

  const moveToDm = async (): Promise<void> => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    setError('');
    setInfo('');
    try {
      await api('POST', `/conversations/${conversation.id}/move-to-dm`, { text: body });
      setText('');
      emitTyping(false);
      setInfo(t('movedToDm'));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.nativeEvent.isComposing || e.keyCode === 229) return; // an IME (pinyin) is composing
    if (matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insert(matches[Math.min(pick, matches.length - 1)]!);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <div className={`reply-box mode-${mode}`}>
      <div className="tabs" role="radiogroup" aria-label={t('reply')}>
        <button type="button" role="radio" aria-checked={mode === 'reply'} onClick={() => setMode('reply')}>
          {t('replyMode')}
        </button>
        <button type="button" role="radio" aria-checked={mode === 'note'} onClick={() => setMode('note')}>
          {t('noteMode')}
        </button>
      </div>
      {matches.length > 0 ? (
        <ul className="canned" role="listbox" aria-label={t('canned')}>
          {matches.map((c, i) => (
            <li
              key={c.id}
              role="option"
              aria-selected={i === pick}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(c);
              }}
            >
              <strong>/{c.shortcut}</strong> {c.content}
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        ref={area}
        aria-label={mode === 'reply' ? t('reply') : t('note')}
        placeholder={mode === 'reply' ? t('replyPlaceholder') : t('notePlaceholder')}
        value={text}
        rows={3}
        onChange={(e) => {
          setText(e.target.value);
          setPick(0);
          emitTyping(e.target.value.length > 0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => emitTyping(false)}
      />
      {warn ? (
        <div className="warning" role="alert">
          {t('collisionWarning')}{' '}
          <button type="button" onClick={() => void send(true)}>
            {t('send')}
          </button>{' '}
          <button type="button" onClick={() => setWarn(false)}>
            {t('close')}
          </button>
        </div>
      ) : null}
      <div className="row">
        <button type="button" disabled={busy || !text.trim()} onClick={() => void send()}>
          {mode === 'reply' ? t('send') : t('addNote')}
        </button>
        {canMoveToDm ? (
          <button type="button" disabled={busy || !text.trim()} onClick={() => void moveToDm()}>
            {t('moveToDm')}
          </button>
        ) : null}
        {info ? <span role="status">{info}</span> : null}
        <span className="error" role="alert">
          {error}
        </span>
      </div>
    </div>
  );
}
