import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n } from '../i18n';
import { SafeText } from '../safe-text';
import { useSession } from '../session';
import type { Conversation } from '../types';
import { ContactProfile, type ProfileFields } from './contact-profile';

interface ContactView extends ProfileFields {
  name: string | null;
  identities?: { id: string; channelType: string; platformUserId: string; displayName: string | null }[];
  firstSeenAt?: string;
  lastSeenAt?: string | null;
  sentiment?: { averageScore: number | null; direction: 'improving' | 'worsening' | 'steady' | null };
}

const TREND = { improving: 'trendImproving', worsening: 'trendWorsening', steady: 'trendSteady' } as const;

interface TimelineItem {
  id: string;
  kind: string;
  occurredAt: string;
  data: Record<string, unknown>;
  message?: { direction: 'in' | 'out'; text: string; channelId: string };
}

/** The contact's identities across channels and its unified timeline (newest first). */
export function ContactPanel({ conversation }: { conversation: Conversation }): ReactNode {
  const { t, dateTime } = useI18n();
  const { channels } = useSession();
  const [contact, setContact] = useState<ContactView | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[]>([]);
  const contactId = conversation.contactId;
  const stamp = conversation.lastMessageAt;

  useEffect(() => {
    if (!contactId) return;
    let live = true;
    void Promise.all([
      api<ContactView>('GET', `/contacts/${contactId}`),
      api<{ items: TimelineItem[] }>('GET', `/contacts/${contactId}/timeline?limit=30`),
    ])
      .then(([c, tl]) => {
        if (!live) return;
        setContact(c);
        setTimeline(tl.items);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [contactId, stamp]);

  if (!contactId) return <p className="empty">{t('noContact')}</p>;
  if (!contact) return <p className="empty">{t('loading')}</p>;
  return (
    <div className="contact-panel">
      <h2>{contact.name ?? t('customer')}</h2>
      <dl className="profile-facts">
        {contact.firstSeenAt ? (
          <>
            <dt>{t('firstSeen')}</dt>
            <dd>{dateTime(contact.firstSeenAt)}</dd>
          </>
        ) : null}
        {contact.lastSeenAt ? (
          <>
            <dt>{t('lastSeen')}</dt>
            <dd>{dateTime(contact.lastSeenAt)}</dd>
          </>
        ) : null}
        {contact.sentiment?.averageScore != null ? (
          <>
            <dt>{t('contactSentiment')}</dt>
            <dd>
              {contact.sentiment.averageScore.toFixed(2)}
              {contact.sentiment.direction ? ` · ${t(TREND[contact.sentiment.direction])}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <ContactProfile contact={contact} onChange={(next) => setContact({ ...contact, ...next })} />
      {contact.identities && contact.identities.length > 0 ? (
        <>
          <h3>{t('identities')}</h3>
          <ul className="identities">
            {contact.identities.map((i) => (
              <li key={i.id}>
                <span className="meta">{i.channelType}</span> {i.displayName ?? i.platformUserId}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('timeline')}</h3>
      <ol className="timeline">
        {timeline.map((e) => (
          <li key={e.id}>
            <time className="meta" dateTime={e.occurredAt}>
              {dateTime(e.occurredAt)}
            </time>{' '}
            {e.message ? (
              <>
                <span className="meta">
                  {channels.find((c) => c.id === e.message!.channelId)?.name ?? ''}{' '}
                  {e.message.direction === 'in' ? '←' : '→'}
                </span>{' '}
                <SafeText text={e.message.text} />
              </>
            ) : (
              <span className="meta">{e.kind}</span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
