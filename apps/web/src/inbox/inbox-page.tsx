import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n, type MessageKey } from '../i18n';
import { useRealtime, useSocketEvent } from '../realtime';
import { useSession } from '../session';
import type { Conversation, Page, Priority } from '../types';
import { ContactPanel } from './contact-panel';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';
import { useFetchedList } from '../fetched-list';
import { LatestRead } from '../latest-read';
import { useLabels } from './labels';
import { SearchBox } from './search-box';

export interface Filters {
  status: string;
  assignee: 'all' | 'me' | 'none';
  channelId: string;
  priority: string;
  labelId: string;
  /** A saved segment of contacts; membership is the server's to decide, so it refetches like sentiment. */
  segmentId: string;
  /** Sentiment of the latest scored customer message; only the server knows it, so it refetches. */
  sentiment: string;
  sort: 'latest' | 'priority' | 'waiting';
}

const PRIORITY_RANK: Record<Priority, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };

function matches(c: Conversation, f: Filters, userId: string): boolean {
  if (f.status && c.status !== f.status) return false;
  if (f.assignee === 'me' && c.assigneeId !== userId) return false;
  if (f.assignee === 'none' && c.assigneeId !== null) return false;
  if (f.channelId && c.channelId !== f.channelId) return false;
  if (f.priority && c.priority !== f.priority) return false;
  if (f.labelId && !(c.labelIds ?? []).includes(f.labelId)) return false;
  return true;
}

/**
 * The server's order (`GET /conversations?sort=`), repeated here only to place conversations that
 * change live: latest activity first; or by priority; or the longest-waiting customer first.
 */
function sortConversations(list: Conversation[], sort: Filters['sort']): Conversation[] {
  const time = (iso: string | null): number => (iso === null ? Infinity : Date.parse(iso));
  const byLatest = (a: Conversation, b: Conversation): number =>
    time(b.lastMessageAt) - time(a.lastMessageAt) || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);
  const copy = [...list];
  if (sort === 'priority') copy.sort((a, b) => PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || byLatest(a, b));
  else if (sort === 'waiting') copy.sort((a, b) => time(a.waitingSince) - time(b.waitingSince) || byLatest(a, b));
  else copy.sort(byLatest);
  return copy;
}

export function InboxPage({ selectedId }: { selectedId: string | null }): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { epoch } = useRealtime();
  const labels = useLabels();
  const segments = useFetchedList<{ id: string; name: string }>('/segments').list;
  const [filters, setFilters] = useState<Filters>({
    status: 'open',
    assignee: 'all',
    channelId: '',
    priority: '',
    labelId: '',
    segmentId: '',
    sentiment: '',
    sort: 'latest',
  });
  const [items, setItems] = useState<Conversation[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<Conversation | null>(null);

  const query = useCallback(() => {
    const q = new URLSearchParams({ limit: '50', sort: filters.sort });
    if (filters.status) q.set('status', filters.status);
    if (filters.assignee !== 'all') q.set('assigneeId', filters.assignee);
    if (filters.channelId) q.set('channelId', filters.channelId);
    if (filters.priority) q.set('priority', filters.priority);
    if (filters.labelId) q.set('labelId', filters.labelId);
    if (filters.sentiment) q.set('sentiment', filters.sentiment);
    if (filters.segmentId) q.set('segmentId', filters.segmentId);
    return q;
  }, [filters]);

  // A list read can be older than live changes that arrive before its answer (see LatestRead).
  const reads = useRef(new LatestRead<Conversation[]>());
  const applyChange = useCallback((change: (list: Conversation[]) => Conversation[]) => {
    reads.current.record(change);
    setItems(change);
  }, []);

  const fetchList = useCallback(async () => {
    const read = reads.current.begin();
    try {
      const page = await api<Page<Conversation>>('GET', `/conversations?${query().toString()}`);
      const items = reads.current.settle(read, page.items);
      if (!items) return;
      setItems(items);
      setNextCursor(page.nextCursor);
      setLoaded(true);
    } finally {
      reads.current.end(read);
    }
  }, [query]);

  const loadMore = async (): Promise<void> => {
    if (!nextCursor) return;
    const q = query();
    q.set('cursor', nextCursor);
    const page = await api<Page<Conversation>>('GET', `/conversations?${q.toString()}`);
    setItems((list) => [...list, ...page.items.filter((c) => !list.some((x) => x.id === c.id))]);
    setNextCursor(page.nextCursor);
  };

  // Refetch when the filters change and after every (re)connection: events missed while offline are
  // recovered from the list itself.
  useEffect(() => {
    void fetchList().catch(() => setLoaded(true));
  }, [fetchList, epoch]);

  // The conversation carries no sentiment or segment membership: with either filter on, the server
  // decides what belongs.
  const serverDecides = filters.sentiment !== '' || filters.segmentId !== '';
  const refetchServerDecided = (): void => {
    if (serverDecides) void fetchList().catch(() => undefined);
  };
  useSocketEvent('message.updated', refetchServerDecided);
  useSocketEvent('message.created', refetchServerDecided);
  useSocketEvent<{ conversation: Conversation }>('conversation.updated', ({ conversation }) => {
    if (serverDecides) {
      refetchServerDecided();
      if (conversation.id === selectedId) setSelected(conversation);
      return;
    }
    applyChange((list) => {
      // The event is workspace-wide: its unread count is the shared one. Ours comes as conversation.unread.
      const known = list.find((c) => c.id === conversation.id);
      const rest = list.filter((c) => c.id !== conversation.id);
      const next = known ? { ...conversation, unreadCount: known.unreadCount } : conversation;
      return matches(conversation, filters, me.id) ? [next, ...rest] : rest;
    });
    if (conversation.id === selectedId) setSelected(conversation);
  });
  useSocketEvent<{ conversationId: string; unreadCount: number }>('conversation.unread', (e) => {
    applyChange((list) => list.map((c) => (c.id === e.conversationId ? { ...c, unreadCount: e.unreadCount } : c)));
  });

  const sorted = useMemo(() => sortConversations(items, filters.sort), [items, filters.sort]);

  return (
    <main className="inbox">
      <section className="pane list-pane" aria-label={t('conversations')}>
        <SearchBox />
        <FilterBar filters={filters} onChange={setFilters} labels={labels.list} segments={segments} />
        {loaded && sorted.length === 0 ? <p className="empty">{t('noConversations')}</p> : null}
        <ConversationList items={sorted} selectedId={selectedId} labels={labels.list} />
        {nextCursor ? (
          <button type="button" className="load-more" onClick={() => void loadMore().catch(() => undefined)}>
            {t('loadMore')}
          </button>
        ) : null}
      </section>
      <section className="pane conversation-pane" aria-label={t('messages')}>
        {selectedId ? (
          <ConversationView key={selectedId} conversationId={selectedId} onLoaded={setSelected} labels={labels} />
        ) : (
          <p className="empty">{t('selectConversation')}</p>
        )}
      </section>
      <aside className="pane contact-pane" aria-label={t('contact')}>
        {selectedId && selected?.id === selectedId ? <ContactPanel conversation={selected} /> : null}
      </aside>
    </main>
  );
}

function FilterBar({
  filters,
  onChange,
  labels,
  segments,
}: {
  filters: Filters;
  onChange(f: Filters): void;
  labels: { id: string; name: string }[];
  segments: { id: string; name: string }[];
}): ReactNode {
  const { t } = useI18n();
  const { channels } = useSession();
  const set = <K extends keyof Filters>(k: K, v: Filters[K]): void => onChange({ ...filters, [k]: v });
  const statuses: [string, MessageKey][] = [
    ['open', 'open'],
    ['pending', 'pending'],
    ['snoozed', 'snoozed'],
    ['resolved', 'resolved'],
    ['', 'all'],
  ];
  return (
    <div className="filters" role="group" aria-label="Filters">
      <select aria-label={t('status')} value={filters.status} onChange={(e) => set('status', e.target.value)}>
        {statuses.map(([v, k]) => (
          <option key={k} value={v}>
            {t(k)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('assignee')}
        value={filters.assignee}
        onChange={(e) => set('assignee', e.target.value as Filters['assignee'])}
      >
        <option value="all">{t('all')}</option>
        <option value="me">{t('mine')}</option>
        <option value="none">{t('unassigned')}</option>
      </select>
      <select aria-label={t('channel')} value={filters.channelId} onChange={(e) => set('channelId', e.target.value)}>
        <option value="">{t('allChannels')}</option>
        {channels.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <select aria-label={t('priority')} value={filters.priority} onChange={(e) => set('priority', e.target.value)}>
        <option value="">{t('anyPriority')}</option>
        {(['urgent', 'high', 'medium', 'low', 'none'] as const).map((p) => (
          <option key={p} value={p}>
            {t(p)}
          </option>
        ))}
      </select>
      <select aria-label={t('label')} value={filters.labelId} onChange={(e) => set('labelId', e.target.value)}>
        <option value="">{t('anyLabel')}</option>
        {labels.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <select aria-label={t('segment')} value={filters.segmentId} onChange={(e) => set('segmentId', e.target.value)}>
        <option value="">{t('anySegment')}</option>
        {segments.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
      <select
        aria-label={t('sentimentFilter')}
        value={filters.sentiment}
        onChange={(e) => set('sentiment', e.target.value)}
      >
        <option value="">{t('anySentiment')}</option>
        <option value="negative">{t('sentimentNegative')}</option>
        <option value="neutral">{t('sentimentNeutral')}</option>
        <option value="positive">{t('sentimentPositive')}</option>
      </select>
      <select
        aria-label={t('sortBy')}
        value={filters.sort}
        onChange={(e) => set('sort', e.target.value as Filters['sort'])}
      >
        <option value="latest">{t('sortLatest')}</option>
        <option value="priority">{t('sortPriority')}</option>
        <option value="waiting">{t('sortWaiting')}</option>
      </select>
    </div>
  );
}
