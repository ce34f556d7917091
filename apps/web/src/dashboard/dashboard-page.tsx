import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api-client';
import { useI18n } from '../i18n';

interface TrendPoint {
  day: string;
  count: number;
}

/**
 * The listening dashboard. Until a trend API exists it shows the placeholder; when `/trends/volume`
 * answers with `{ items: [{ day, count }] }` it draws the daily volume as an SVG bar chart.
 */
export function DashboardPage(): ReactNode {
  const { t } = useI18n();
  const [points, setPoints] = useState<TrendPoint[] | null>(null);
  useEffect(() => {
    void api<{ items: TrendPoint[] }>('GET', '/trends/volume')
      .then((r) => setPoints(r.items))
      .catch(() => setPoints(null));
  }, []);
  return (
    <main className="dashboard">
      <h1>{t('dashboard')}</h1>
      {points && points.length > 0 ? (
        <BarChart points={points} label={t('volume')} />
      ) : (
        <p>{t('dashboardPlaceholder')}</p>
      )}
    </main>
  );
}

function BarChart({ points, label }: { points: TrendPoint[]; label: string }): ReactNode {
  const max = Math.max(1, ...points.map((p) => p.count));
  const w = 24;
  const h = 160;
  return (
    <figure>
      <svg role="img" aria-label={label} width={points.length * w + 10} height={h + 20}>
        {points.map((p, i) => {
          const bh = Math.round((p.count / max) * h);
          return (
            <rect key={p.day} x={i * w + 5} y={h - bh} width={w - 4} height={bh} className="bar">
              <title>{`${p.day}: ${p.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
