import { useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n, type MessageKey } from '../i18n';
import { SafeText } from '../safe-text';
import { memberName, useSession } from '../session';
import type { Alert } from '../types';

const STATUS_KEYS: Record<Alert['status'], MessageKey> = {
  open: 'alertOpen',
  acknowledged: 'alertAcknowledged',
  resolved: 'alertResolved',
};

/** One crisis alert: what fired, its top terms, sample messages and contacts, and its lifecycle. */
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
          {a.messageCount} {t('messagesCount')}
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
            <h3>{t('sampleMessages')}</h3>
            <ul className="samples" aria-label={t('sampleMessages')}>
              {a.samples.map((s) => (
                <li key={s.id}>
                  <a href={`#/inbox/${s.conversationId}`}>{s.author ?? t('customer')}</a>
                  <span className="muted">
                    {' '}
                    · {s.channelType} · {dateTime(s.sentAt)}
                    {s.reach !== null ? ` · ${t('reach')} ${s.reach}` : ''}
                  </span>
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
                <li key={c.id} className="label-chip">
                  {c.name ?? c.id.slice(0, 8)}
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
