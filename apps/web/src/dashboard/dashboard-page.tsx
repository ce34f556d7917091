import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n } from '../i18n';
import { useRealtime, useSocketEvent } from '../realtime';
import { useSession } from '../session';
import type { Alert, CrisisTopic, TrendPoint } from '../types';
import { AlertCard } from './alert-card';
import { SentimentChart } from './sentiment-chart';

/** The ranges the dashboard offers, each with a bucket size that keeps the chart readable. */
const RANGES = {
  '24h': { hours: 24, bucketMinutes: 60 },
  '7d': { hours: 24 * 7, bucketMinutes: 360 },
  '30d': { hours: 24 * 30, bucketMinutes: 1440 },
} as const;
type RangeKey = keyof typeof RANGES;

/**
 * The listening dashboard: sentiment and volume over time for a topic (keyword set or X listening
 * query, from `GET /crisis/topics`) and channel type (from `GET /crisis/trend`), and the crisis alerts with their lifecycle actions, live over socket.io.
 */
export function DashboardPage(): ReactNode {
  const { t } = useI18n();
  const { channels } = useSession();
  const { epoch } = useRealtime();
  const [topic, setTopic] = useState('workspace');
  const [channelType, setChannelType] = useState('*');
  const [range, setRange] = useState<RangeKey>('24h');
  const [topics, setTopics] = useState<CrisisTopic[]>([]);
  const [points, setPoints] = useState<TrendPoint[] | null>(null);
  const [span, setSpan] = useState<{ from: number; to: number; bucketMinutes: number } | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    void api<{ items: CrisisTopic[] }>('GET', '/crisis/topics')
      .then((r) => setTopics(r.items.filter((k) => k.kind !== 'workspace')))
      .catch(() => setTopics([]));
  }, []);

  const loadTrend = useCallback(async () => {
    const { hours, bucketMinutes } = RANGES[range];
    const step = bucketMinutes * 60_000;
    // Align to whole buckets so the server's buckets and the chart's slots coincide.
    const to = Math.ceil(Date.now() / step) * step;
    const from = to - hours * 3_600_000;
    const q = new URLSearchParams({
      topic,
      channelType,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucketMinutes: String(bucketMinutes),
    });
    try {
      const r = await api<{ points: TrendPoint[] }>('GET', `/crisis/trend?${q.toString()}`);
      setPoints(r.points);
      setSpan({ from, to, bucketMinutes });
      setError('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [topic, channelType, range]);

  useEffect(() => {
    void loadTrend();
  }, [loadTrend, epoch]);

  const channelTypes = useMemo(() => [...new Set(channels.map((c) => c.type))].sort(), [channels]);

  return (
    <main className="dashboard">
      <h1>{t('dashboard')}</h1>
      <section aria-labelledby="trend-heading" className="card">
        <div className="dashboard-head">
          <h2 id="trend-heading">{t('sentimentTrend')}</h2>
          <div className="filters" role="group" aria-label={t('chartFilters')}>
            <select aria-label={t('topic')} value={topic} onChange={(e) => setTopic(e.target.value)}>
              <option value="workspace">{t('wholeWorkspace')}</option>
              {topics.map((k) => (
                <option key={k.key} value={k.key}>
                  {k.name}
                </option>
              ))}
            </select>
            <select aria-label={t('channel')} value={channelType} onChange={(e) => setChannelType(e.target.value)}>
              <option value="*">{t('allChannels')}</option>
              {channelTypes.map((ct) => (
                <option key={ct} value={ct}>
                  {ct}
                </option>
              ))}
            </select>
            <select aria-label={t('range')} value={range} onChange={(e) => setRange(e.target.value as RangeKey)}>
              <option value="24h">{t('last24h')}</option>
              <option value="7d">{t('last7d')}</option>
              <option value="30d">{t('last30d')}</option>
            </select>
            <button type="button" onClick={() => void loadTrend()}>
              {t('refresh')}
            </button>
          </div>
        </div>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        {points && span ? <SentimentChart points={points} {...span} /> : <p>{t('loading')}</p>}
      </section>
      <AlertList />
    </main>
  );
}

function AlertList(): ReactNode {
  const { t } = useI18n();
  const { epoch } = useRealtime();
  const [status, setStatus] = useState('open,acknowledged');
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    const q = new URLSearchParams({ limit: '50' });
    if (status) q.set('status', status);
    try {
      const r = await api<{ items: Alert[] }>('GET', `/crisis/alerts?${q.toString()}`);
      setAlerts(r.items);
      setError('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [status]);

  useEffect(() => {
    void load();
  }, [load, epoch]);

  const upsert = (a: Alert): void =>
    setAlerts((list) => {
      const rest = (list ?? []).filter((x) => x.id !== a.id);
      const wanted = !status || status.split(',').includes(a.status);
      return wanted ? [a, ...rest].sort((x, y) => y.createdAt.localeCompare(x.createdAt)) : rest;
    });
  useSocketEvent<{ alert: Alert }>('alert.created', (e) => upsert(e.alert));
  useSocketEvent<{ alert: Alert }>('alert.updated', (e) => upsert(e.alert));

  return (
    <section aria-labelledby="alerts-heading" className="card">
      <div className="dashboard-head">
        <h2 id="alerts-heading">{t('alerts')}</h2>
        <select aria-label={t('alertStatus')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="open,acknowledged">{t('alertsActive')}</option>
          <option value="open">{t('alertOpen')}</option>
          <option value="acknowledged">{t('alertAcknowledged')}</option>
          <option value="resolved">{t('alertResolved')}</option>
          <option value="">{t('all')}</option>
        </select>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {alerts && alerts.length === 0 ? <p>{t('noAlerts')}</p> : null}
      <ul className="alert-list">
        {(alerts ?? []).map((a) => (
          <AlertCard key={a.id} alert={a} onChanged={upsert} />
        ))}
      </ul>
    </section>
  );
}
