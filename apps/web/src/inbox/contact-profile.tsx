import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api-client';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { useFetchedList } from '../fetched-list';

export interface ProfileFields {
  id: string;
  lifecycleStage: string;
  tags: { id: string; name: string }[];
  attributes: Record<string, string | number>;
}

interface AttributeDef {
  id: string;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'choice';
  options: string[];
}

const STAGES: { value: string; key: MessageKey }[] = [
  { value: 'new', key: 'stageNew' },
  { value: 'engaged', key: 'stageEngaged' },
  { value: 'customer', key: 'stageCustomer' },
  { value: 'vip', key: 'stageVip' },
  { value: 'churned', key: 'stageChurned' },
];

/** Lifecycle stage, tags (add / remove) and custom attributes (edit) of a contact. */
export function ContactProfile({
  contact,
  onChange,
}: {
  contact: ProfileFields;
  onChange(next: Partial<ProfileFields>): void;
}): ReactNode {
  const { t } = useI18n();
  const { canReply } = useSession();
  const defs = useFetchedList<AttributeDef>('/contact-attributes').list;
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [newTag, setNewTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setDraft(Object.fromEntries(Object.entries(contact.attributes).map(([k, v]) => [k, String(v)])));
  }, [contact.attributes]);

  useEffect(() => {
    setSaved(false);
    setError(null);
  }, [contact.id]);

  const run = async (work: () => Promise<void>): Promise<void> => {
    setError(null);
    setSaved(false);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  const setStage = (stage: string): Promise<void> =>
    run(async () => {
      const c = await api<ProfileFields>('PATCH', `/contacts/${contact.id}`, { lifecycleStage: stage });
      onChange({ lifecycleStage: c.lifecycleStage });
    });

  const addTag = (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const name = newTag.trim();
    if (!name) return Promise.resolve();
    return run(async () => {
      onChange({ tags: await api<ProfileFields['tags']>('POST', `/contacts/${contact.id}/tags`, { name }) });
      setNewTag('');
    });
  };

  const removeTag = (tagId: string): Promise<void> =>
    run(async () => {
      onChange({ tags: await api<ProfileFields['tags']>('DELETE', `/contacts/${contact.id}/tags/${tagId}`) });
    });

  const saveAttributes = (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const values: Record<string, unknown> = {};
    for (const d of defs) {
      const raw = (draft[d.key] ?? '').trim();
      const had = contact.attributes[d.key] !== undefined;
      if (raw === '') {
        if (had) values[d.key] = null;
      } else values[d.key] = d.type === 'number' ? Number(raw) : raw;
    }
    return run(async () => {
      onChange({
        attributes: await api<ProfileFields['attributes']>('PATCH', `/contacts/${contact.id}/attributes`, { values }),
      });
      setSaved(true);
    });
  };

  return (
    <div className="contact-profile">
      <label>
        {t('lifecycleStage')}{' '}
        <select value={contact.lifecycleStage} disabled={!canReply} onChange={(e) => void setStage(e.target.value)}>
          {STAGES.map((s) => (
            <option key={s.value} value={s.value}>
              {t(s.key)}
            </option>
          ))}
        </select>
      </label>

      <h3 id="contact-tags">{t('tags')}</h3>
      <ul className="tags" aria-labelledby="contact-tags">
        {contact.tags.map((tag) => (
          <li key={tag.id} className="tag">
            {tag.name}
            {canReply ? (
              <button type="button" aria-label={`${t('removeTag')} ${tag.name}`} onClick={() => void removeTag(tag.id)}>
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canReply ? (
        <form onSubmit={(e) => void addTag(e)} className="inline-form">
          <input
            aria-label={t('newTag')}
            placeholder={t('newTag')}
            value={newTag}
            maxLength={50}
            onChange={(e) => setNewTag(e.target.value)}
          />
          <button type="submit">{t('addTag')}</button>
        </form>
      ) : null}

      {defs.length > 0 ? (
        <form onSubmit={(e) => void saveAttributes(e)} className="attributes">
          <h3>{t('attributes')}</h3>
          {defs.map((d) => (
            <label key={d.id}>
              <span>{d.label}</span>
              {d.type === 'choice' ? (
                <select
                  value={draft[d.key] ?? ''}
                  disabled={!canReply}
                  onChange={(e) => setDraft({ ...draft, [d.key]: e.target.value })}
                >
                  <option value="">{t('notSet')}</option>
                  {d.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type={d.type === 'number' ? 'number' : d.type === 'date' ? 'date' : 'text'}
                  step={d.type === 'number' ? 'any' : undefined}
                  value={draft[d.key] ?? ''}
                  disabled={!canReply}
                  onChange={(e) => setDraft({ ...draft, [d.key]: e.target.value })}
                />
              )}
            </label>
          ))}
          {canReply ? <button type="submit">{t('saveAttributes')}</button> : null}
          {saved ? <span role="status">{t('saved')}</span> : null}
        </form>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
