import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n } from '../i18n';

interface MessageHit {
  id: string;
  conversationId: string;
  sentAt: string;
  snippet: string;
  highlights: { start: number; end: number }[];
}

/** The snippet as text with the matched ranges in <mark>; React escapes every part. */
function Highlighted({ hit }: { hit: MessageHit }): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const h of hit.highlights) {
    if (h.start > last) parts.push(hit.snippet.slice(last, h.start));
    parts.push(<mark key={h.start}>{hit.snippet.slice(h.start, h.end)}</mark>);
    last = h.end;
  }
  if (last < hit.snippet.length) parts.push(hit.snippet.slice(last));
  return <>{parts}</>;
}

/** Searches the workspace's messages (`GET /api/v1/search`) as the user types; a hit opens its conversation. */
export function SearchBox(): ReactNode {
  const { t, dateTime } = useI18n();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<MessageHit[] | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setHits(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api<{ messages: MessageHit[] }>('GET', `/search?${new URLSearchParams({ q: query, limit: '20' }).toString()}`)
        .then((r) => live && setHits(r.messages))
        .catch(() => live && setHits([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  return (
    <div className="search-box">
      <input
        type="search"
        aria-label={t('searchMessages')}
        placeholder={t('searchMessages')}
        value={q}
        maxLength={200}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setQ('')}
      />
      {hits ? (
        <ul className="search-results" aria-label={t('searchResults')}>
          {hits.length === 0 ? <li className="empty">{t('noSearchResults')}</li> : null}
          {hits.map((h) => (
            <li key={h.id}>
              <a href={`#/inbox/${h.conversationId}`}>
                <time className="meta" dateTime={h.sentAt}>
                  {dateTime(h.sentAt)}
                </time>
                <div className="preview">
                  <Highlighted hit={h} />
                </div>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
