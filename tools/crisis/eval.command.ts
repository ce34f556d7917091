import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, AuthService } from '@scrm/auth';
import { ChannelService, ChannelsModule } from '@scrm/channels';
import { AppConfig, ConfigModule } from '@scrm/config';
import { signWebhook } from '@scrm/connector-webhook';
import { CrisisModule } from '@scrm/crisis';
import { DatabaseModule, UnitOfWork, sqlRows } from '@scrm/database';
import { IngestModule, IngestService } from '@scrm/ingest';
import { MessageSentimentModule } from '@scrm/message-sentiment';
import { OutboundModule } from '@scrm/outbound';
import { QueueModule } from '@scrm/queue';
import { RealtimeModule } from '@scrm/realtime';
import { RedisModule } from '@scrm/redis';
import { WorkspaceModule, WorkspaceService } from '@scrm/workspace';
import type { StreamLine } from './scenario.generator';

const BUCKET_MS = 300_000;

/** The pipeline without HTTP: the same modules the api and worker run, in one process. */
@Module({})
class EvalModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EvalModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        QueueModule,
        RealtimeModule,
        AuthModule,
        WorkspaceModule,
        ChannelsModule,
        IngestModule,
        OutboundModule,
        MessageSentimentModule,
        CrisisModule,
      ],
    };
  }
}

export type Message = Extract<StreamLine, { type: 'message' }>;
export type Crisis = Extract<StreamLine, { type: 'crisis' }>;

export function parseStream(path: string): { messages: Message[]; crises: Crisis[] } {
  const messages: Message[] = [];
  const crises: Crisis[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const r = JSON.parse(line) as StreamLine;
      if (r.type === 'message') {
        if (!r.messageId || !r.time || Number.isNaN(Date.parse(r.time)) || typeof r.text !== 'string') {
          throw new Error(`${path}:${i + 1}: a message needs messageId, time and text`);
        }
        messages.push(r);
      } else if (r.type === 'crisis') crises.push(r);
      else throw new Error(`${path}:${i + 1}: type must be message or crisis`);
    });
  return { messages, crises };
}

/** When an alert opened: when the message that completed the evidence arrived (event time), else at the window's end. */
export function openedAt(figures: Record<string, unknown>[]): number {
  return Math.min(...figures.map((f) => Date.parse(String(f.detectedAt ?? f.windowEnd))));
}

/** Scores alert openings (event time, epoch ms) against the stream's crises. */
export function scoreAlerts(messages: Message[], crises: Crisis[], opened: number[]): Record<string, unknown> {
  const first = Date.parse(messages[0]!.time);
  const last = Date.parse(messages[messages.length - 1]!.time);
  const days = (last - first) / 86_400_000;
  const openings = [...opened].sort((a, b) => a - b);
  const inside = (t: number, c: Crisis): boolean => t >= Date.parse(c.start) && t <= Date.parse(c.end);
  const perCrisis = crises.map((c) => {
    const hit = openings.find((t) => inside(t, c));
    return {
      label: c.label,
      start: c.start,
      end: c.end,
      detectionDelayMinutes: hit === undefined ? null : Math.round((hit - Date.parse(c.start)) / 6000) / 10,
    };
  });
  const falseAlerts = openings.filter((t) => !crises.some((c) => inside(t, c))).length;
  return {
    crises: perCrisis,
    recall: crises.length > 0 ? perCrisis.filter((c) => c.detectionDelayMinutes !== null).length / crises.length : null,
    falseAlerts,
    falseAlertsPerDay: days > 0 ? Math.round((falseAlerts / days) * 1000) / 1000 : null,
    simulatedDays: Math.round(days * 100) / 100,
    messages: messages.length,
  };
}

/**
 * `crisis eval <stream.jsonl>`: replays the stream in event-time order through the real pipeline
 * (signed webhook parsing, staging, ingest with sentiment, queued detection) on a throw-away
 * embedded database (or DATABASE_URL), bucket by bucket, and scores the alerts against the crises.
 */
export async function runEval(path: string, env: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const { messages, crises } = parseStream(path);
  if (messages.length === 0) throw new Error('the stream holds no messages');
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-crisis-eval-'));
  const config = new AppConfig('all', {
    DATA_DIR: dataDir,
    DATABASE_URL: env.DATABASE_URL,
    DB_MIGRATE: 'auto',
    JWT_SECRET: randomBytes(16).toString('hex'),
    MURMUR_SECRET_KEY: randomBytes(32).toString('hex'),
    MURMUR_SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
  });
  const started = Date.now();
  const app = await NestFactory.createApplicationContext(EvalModule.forRoot(config), { logger: ['error'] });
  await app.init();
  try {
    const userId = await app
      .get(AuthService)
      .createUser(`eval-${Date.now()}@example.test`, 'Eval', 'eval password 123');
    const ws = await app.get(WorkspaceService).createWithOwner('Crisis eval', userId);
    const channels = new Map<string, { id: string; secret: string }>();
    for (const name of new Set(messages.map((m) => m.channel))) {
      const c = await app.get(ChannelService).create(ws.id, { type: 'webhook', name, config: {} });
      channels.set(name, { id: c.id, secret: c.secret! });
    }
    const ingest = app.get(IngestService);
    const em = app.get(UnitOfWork).manager;
    const counted = async (): Promise<number> => {
      const [row] = await sqlRows<{ n: number }>(
        em,
        `SELECT COALESCE(sum(total), 0)::int AS n FROM crisis_bucket WHERE workspace_id = $1 AND topic_key = 'workspace' AND channel_type = '*'`,
        [ws.id],
      );
      return row!.n;
    };
    const opened = new Map<string, number>();
    let posted = 0;
    let i = 0;
    while (i < messages.length) {
      const bucket = Math.floor(Date.parse(messages[i]!.time) / BUCKET_MS);
      const batch: Message[] = [];
      while (i < messages.length && Math.floor(Date.parse(messages[i]!.time) / BUCKET_MS) === bucket)
        batch.push(messages[i++]!);
      await Promise.all(
        batch.map((m) => {
          const ch = channels.get(m.channel)!;
          const body = JSON.stringify({
            messageId: m.messageId,
            sender: { id: m.author.id, name: m.author.name },
            text: m.text,
            timestamp: m.time,
            ...(typeof m.author.reach === 'number' ? { reach: Math.max(0, Math.round(m.author.reach)) } : {}),
          });
          const ts = String(Math.floor(Date.now() / 1000));
          return ingest.accept(ch.id, {
            method: 'POST',
            headers: { 'x-murmur-timestamp': ts, 'x-murmur-signature': signWebhook(ch.secret, ts, body) },
            query: {},
            rawBody: Buffer.from(body),
          });
        }),
      );
      posted += batch.length;
      const deadline = Date.now() + 60_000;
      while ((await counted()) < posted) {
        if (Date.now() > deadline) throw new Error(`detection did not catch up at ${messages[i - 1]!.time}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const alerts = await sqlRows<{ id: string; figures: { windowEnd: string; detectedAt?: string }[] }>(
        em,
        `SELECT id, figures FROM crisis_alert WHERE workspace_id = $1`,
        [ws.id],
      );
      for (const a of alerts) {
        if (opened.has(a.id)) continue;
        opened.set(a.id, openedAt(a.figures));
      }
    }
    return {
      ...scoreAlerts(messages, crises, [...opened.values()]),
      alerts: opened.size,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
