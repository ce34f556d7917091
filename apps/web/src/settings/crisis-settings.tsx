import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import type { AlertWebhook, KeywordSet } from '../types';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Keyword sets: crisis words (replace the built-in ones) and topics the dashboard and detection watch. */
export function KeywordSets(): ReactNode {
  const { t } = useI18n();
  const { canManage } = useSession();
  const [sets, setSets] = useState<KeywordSet[]>([]);
  const [crisisWords, setCrisisWords] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState<'crisis' | 'topic'>('crisis');
  const [keywords, setKeywords] = useState('');
  const [error, setError] = useState('');
  const reload = useCallback(async () => {
    const r = await api<{ items: KeywordSet[]; crisisWords: string[] }>('GET', '/crisis/keyword-sets');
    setSets(r.items);
    setCrisisWords(r.crisisWords);
  }, []);
  useEffect(() => {
    void reload().catch((err: unknown) => setError(errorText(err)));
  }, [reload]);
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError('');
    try {
      const words = keywords
        .split(/[,，\n]/)
        .map((w) => w.trim())
        .filter(Boolean);
      await api('POST', '/crisis/keyword-sets', { name, purpose, keywords: words });
      setName('');
      setKeywords('');
      await reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <>
      <p>
        <strong>{t('crisisWordsInForce')}:</strong> {crisisWords.join(', ')}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('purpose')}</th>
            <th>{t('keywords')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sets.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.purpose === 'crisis' ? t('purposeCrisis') : t('purposeTopic')}</td>
              <td>{k.keywords.join(', ')}</td>
              <td>
                {canManage ? (
                  <button
                    type="button"
                    aria-label={`${t('delete')}: ${k.name}`}
                    onClick={() =>
                      void api('DELETE', `/crisis/keyword-sets/${k.id}`)
                        .then(reload)
                        .catch((err: unknown) => setError(errorText(err)))
                    }
                  >
                    {t('delete')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <form className="inline-form" onSubmit={(e) => void add(e)}>
          <label>
            {t('name')}
            <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('purpose')}
            <select value={purpose} onChange={(e) => setPurpose(e.target.value as 'crisis' | 'topic')}>
              <option value="crisis">{t('purposeCrisis')}</option>
              <option value="topic">{t('purposeTopic')}</option>
            </select>
          </label>
          <label>
            {t('keywords')}
            <textarea required rows={2} value={keywords} onChange={(e) => setKeywords(e.target.value)} />
          </label>
          <button type="submit">{t('add')}</button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Outbound alert webhooks (owners and admins only; the api answers 403 to others). */
export function AlertWebhooks(): ReactNode {
  const { t } = useI18n();
  const [hooks, setHooks] = useState<AlertWebhook[]>([]);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<AlertWebhook['format']>('json');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const reload = useCallback(async () => setHooks(await api<AlertWebhook[]>('GET', '/crisis/webhooks')), []);
  useEffect(() => {
    void reload().catch((err: unknown) => setError(errorText(err)));
  }, [reload]);
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError('');
    try {
      const created = await api<AlertWebhook & { secret: string }>('POST', '/crisis/webhooks', { name, url, format });
      setSecret(created.secret);
      setName('');
      setUrl('');
      await reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const patch = (h: AlertWebhook, body: Partial<AlertWebhook>): void => {
    void api('PATCH', `/crisis/webhooks/${h.id}`, body)
      .then(reload)
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('url')}</th>
            <th>{t('format')}</th>
            <th>{t('active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {hooks.map((h) => (
            <tr key={h.id}>
              <td>{h.name}</td>
              <td>{h.url}</td>
              <td>{h.format}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${t('active')}: ${h.name}`}
                  checked={h.active}
                  onChange={(e) => patch(h, { active: e.target.checked })}
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`${t('delete')}: ${h.name}`}
                  onClick={() =>
                    void api('DELETE', `/crisis/webhooks/${h.id}`)
                      .then(reload)
                      .catch((err: unknown) => setError(errorText(err)))
                  }
                >
                  {t('delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <label>
          {t('name')}
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('url')}
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          {t('format')}
          <select value={format} onChange={(e) => setFormat(e.target.value as AlertWebhook['format'])}>
            <option value="json">JSON</option>
            <option value="wecom">WeCom 企业微信</option>
            <option value="dingtalk">DingTalk 钉钉</option>
            <option value="slack">Slack</option>
          </select>
        </label>
        <button type="submit">{t('add')}</button>
      </form>
      {secret ? (
        <p role="status">
          {t('webhookSecretOnce')}: <code>{secret}</code>
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </>
  );
}
