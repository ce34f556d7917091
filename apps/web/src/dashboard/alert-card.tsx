import { useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n, type MessageKey } from '../i18n';
import { SafeText, safeHref } from '../safe-text';
import { memberName, useSession } from '../session';
import type { Alert, AlertSample } from '../types';

const STATUS_KEYS: Record<Alert['status'], MessageKey> = {
  open: 'alertOpen',
  acknowledged: 'alertAcknowledged',
  resolved: 'alertResolved',
};

/** "12 messages", "5 listening hits" or both: what the alert holds, for the card and the banner. */
export function alertItemCounts(a: Alert, t: (key: MessageKey) => string): string {
  const parts: string[] = [];
  if (a.messageCount > 0 || a.hitCount === 0) parts.push(`${a.messageCount} ${t('messagesCount')}`);
  if (a.hitCount > 0) parts.push(`${a.hitCount} ${t('hitsCount')}`);
  return parts.join(' · ');
}

/** One crisis alert: what fired, its top terms, sample messages or listening hits and contacts, and its lifecycle. */
export function AlertCard({ alert: a, onChanged }: { alert: Alert; onChanged(a: Alert): void }): ReactNode {
  const { t, dateTime } = useI18n();
  const { canReply, members } = useSession();
  const [error, setError] = useState('');
  const act = (action: 'acknowledge' | 'resolve'): void => {
    setError('');
    void api<Alert>('POST', `/crisis/alerts/${a.id}/${action}`)
      .then(onChanged)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const title = `${a.topic.name} · ${a.rules.join(', ')}`;
  const samplesHeading: MessageKey = a.samples.every((s) => s.kind === 'listening_hit')
    ? 'sampleHits'
    : 'sampleMessages';
  return (
    <li className={`alert-card severity-${a.severity}`} data-alert-id={a.id} data-status={a.status}>
      <article aria-label={title}>
        <header>
          <span className={`severity severity-${a.severity}`}>{a.severity}</span>{' '}
          <strong>
            <SafeText text={a.topic.name} />
          </strong>{' '}
          <span className="muted">
            {a.rules.join(', ')} · {a.channelTypes.join(', ')} · {dateTime(a.window.start)} – {dateTime(a.window.end)}
          </span>{' '}
          <span className="status">{t(STATUS_KEYS[a.status])}</span>
        </header>
        <p className="muted">
          {alertItemCounts(a, t)}
          {a.acknowledged
            ? ` · ${t('alertAcknowledged')}: ${memberName(members, a.acknowledged.by) ?? ''} ${dateTime(a.acknowledged.at)}`
            : ''}
          {a.resolved
            ? ` · ${t('alertResolved')}: ${memberName(members, a.resolved.by) ?? ''} ${dateTime(a.resolved.at)}`
            : ''}
        </p>
        {a.terms.length > 0 ? (
          <div>
            <h3>{t('topTerms')}</h3>
            <ul className="terms" aria-label={t('topTerms')}>
              {a.terms.slice(0, 10).map((x) => (
                <li key={x.term} className="label-chip" title={`×${x.lift.toFixed(1)}`}>
                  {x.term} ({x.count})
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {a.samples.length > 0 ? (
          <div>
            <h3>{t(samplesHeading)}</h3>
            <ul className="samples" aria-label={t(samplesHeading)}>
              {a.samples.map((s) => (
                <li key={s.id} data-kind={s.kind}>
                  <SampleAuthor sample={s} />
                  <span className="muted">
                    {' '}
                    · {s.channelType} · {dateTime(s.sentAt)}
                    {s.reach !== null ? ` · ${t('reach')} ${s.reach}` : ''}
                  </span>
                  {s.kind === 'listening_hit' && s.url ? (
                    <>
                      {' '}
                      <a href={safeHref(s.url)} target="_blank" rel="noopener noreferrer nofollow">
                        {t('openPost')}
                      </a>
                    </>
                  ) : null}
                  <div className="text">
                    <SafeText text={s.text} />
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {a.contacts.length > 0 ? (
          <div>
            <h3>{t('affectedContacts')}</h3>
            <ul className="terms" aria-label={t('affectedContacts')}>
              {a.contacts.map((c) => (
                <li key={c.id} className="label-chip" data-vip={c.lifecycleStage === 'vip' || undefined}>
                  {c.name ?? c.id.slice(0, 8)}
                  {c.lifecycleStage === 'vip' ? ` · ${t('vip')}` : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {canReply && a.status !== 'resolved' ? (
          <div className="actions">
            {a.status === 'open' ? (
              <button type="button" onClick={() => act('acknowledge')}>
                {t('acknowledge')}
              </button>
            ) : null}
            <button type="button" onClick={() => act('resolve')}>
              {t('resolveAlert')}
            </button>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
      </article>
    </li>
  );
}

/** A message links to its conversation; a listening hit is in none, so it names its author's handle. */
function SampleAuthor({ sample: s }: { sample: AlertSample }): ReactNode {
  const { t } = useI18n();
  const name = s.author ?? (s.authorHandle ? `@${s.authorHandle}` : t('customer'));
  if (s.kind === 'message' && s.conversationId) return <a href={`#/inbox/${s.conversationId}`}>{name}</a>;
  return (
    <span className="author">
      <SafeText text={name} />
      {s.author && s.authorHandle && !s.author.includes(`@${s.authorHandle}`) ? (
        <span className="muted"> @{s.authorHandle}</span>
      ) : null}
    </span>
  );
}
