import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { TrendPoint } from '../types';

const W = 760;
const H = 220;
const PAD = { left: 40, right: 10, top: 10, bottom: 28 };
const SERIES = ['negative', 'neutral', 'positive'] as const;

/**
 * Stacked bars of negative / neutral / positive messages per bucket (the bar's height is the volume),
 * drawn as plain SVG. The server returns only buckets with messages; the empty ones are filled in here.
 */
export function SentimentChart({
  points,
  from,
  to,
  bucketMinutes,
}: {
  points: TrendPoint[];
  from: number;
  to: number;
  bucketMinutes: number;
}): ReactNode {
  const { t, dateTime } = useI18n();
  const step = bucketMinutes * 60_000;
  const slots = Math.max(1, Math.round((to - from) / step));
  const bySlot = new Map<number, TrendPoint>();
  for (const p of points) {
    const i = Math.floor((Date.parse(p.start) - from) / step);
    if (i < 0 || i >= slots) continue;
    const prev = bySlot.get(i);
    bySlot.set(
      i,
      prev
        ? {
            ...prev,
            total: prev.total + p.total,
            positive: prev.positive + p.positive,
            neutral: prev.neutral + p.neutral,
            negative: prev.negative + p.negative,
            negativeReach: prev.negativeReach + p.negativeReach,
          }
        : p,
    );
  }
  const max = niceMax(Math.max(1, ...[...bySlot.values()].map((p) => p.total)));
  const total = points.reduce((s, p) => s + p.total, 0);
  const negative = points.reduce((s, p) => s + p.negative, 0);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / slots;
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  const names = { negative: t('sentimentNegative'), neutral: t('sentimentNeutral'), positive: t('sentimentPositive') };
  const summary = `${t('sentimentTrend')}: ${total} ${t('messagesCount')}, ${negative} ${t('sentimentNegative')}`;

  return (
    <figure className="chart">
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        data-total={total}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} className="grid" />
            <text x={PAD.left - 4} y={y(max * f) + 4} textAnchor="end" className="axis">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {[...bySlot.entries()].map(([i, p]) => {
          let base = 0;
          return (
            <g key={i} data-bucket={p.start}>
              <title>{`${dateTime(p.start)} — ${p.total}: ${p.negative} / ${p.neutral} / ${p.positive}`}</title>
              {SERIES.map((s) => {
                const v = p[s];
                const top = y(base + v);
                const r = (
                  <rect
                    key={s}
                    className={`bar-${s}`}
                    x={PAD.left + i * bw + bw * 0.1}
                    width={Math.max(1, bw * 0.8)}
                    y={top}
                    height={y(base) - top}
                  />
                );
                base += v;
                return r;
              })}
            </g>
          );
        })}
        <text x={PAD.left} y={H - 8} className="axis">
          {dateTime(new Date(from).toISOString())}
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" className="axis">
          {dateTime(new Date(to).toISOString())}
        </text>
      </svg>
      <figcaption>
        {SERIES.map((s) => (
          <span key={s} className="legend">
            <span className={`swatch bar-${s}`} aria-hidden="true" /> {names[s]}
          </span>
        ))}
        <span className="legend">
          {total} {t('messagesCount')}
        </span>
        {total === 0 ? <span className="legend">{t('noTrendData')}</span> : null}
      </figcaption>
    </figure>
  );
}

function niceMax(v: number): number {
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * mag) return m * mag;
  return 10 * mag;
}
