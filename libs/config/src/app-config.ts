import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Which parts of Murmur a process runs. `all` is the single-process embedded default. */
export type ProcessRole = 'all' | 'api' | 'worker';

export class ConfigError extends Error {}

/**
 * The validated configuration of one process, read once at boot. This is the only place that reads
 * `process.env`; an invalid value stops the process with a message naming the variable.
 */
export class AppConfig {
  readonly port: number;
  /** How long the api keeps an idle keep-alive connection open. */
  readonly httpKeepAliveMs: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly logLevel: string;
  readonly databaseUrl: string | undefined;
  /** Hot statements run as named prepared statements on PostgreSQL (off behind a pooler that cannot keep them). */
  readonly databasePreparedStatements: boolean;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
  readonly jwtSecret: string;
  readonly secretKey: Buffer;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly migrate: 'auto' | 'check';
  readonly seedDemo: boolean;
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  readonly webhookToleranceSeconds: number;
  readonly queueLockMs: number;
  readonly outboundAttempts: number;
  readonly outboundBackoffMs: number;
  readonly sweepIntervalMs: number;
  /** How often workers apply each workspace's message retention period. */
  readonly retentionIntervalMs: number;
  readonly ingestConcurrency: number;
  /** How long a not-yet-full ingest batch waits for more messages under load (PostgreSQL only). */
  readonly ingestLingerMs: number;
  /** How long an inbound push waits to share its staging write with others under load (PostgreSQL only). */
  readonly stageLingerMs: number;
  readonly shutdownGraceMs: number;
  readonly alertBackoffMs: number;
  readonly crisisCooldownMinutes: number;
  readonly crisisInfluencerReach: number;
  readonly sessionLeaseMs: number;
  readonly sessionReconcileMs: number;
  /** Largest attachment Murmur stores itself (bytes); bigger ones are kept as references only. */
  readonly attachmentMaxBytes: number;

  constructor(
    readonly role: ProcessRole,
    env: Record<string, string | undefined>,
  ) {
    const r = new EnvReader(env);
    this.port = r.int('PORT', 3000, 0, 65535);
    this.httpKeepAliveMs = r.int('HTTP_KEEPALIVE_SECONDS', 65, 1, 3600) * 1000;
    this.host = r.str('HOST', '0.0.0.0');
    this.publicUrl = r.url('PUBLIC_URL', `http://localhost:${this.port}`).replace(/\/+$/, '');
    this.logLevel = r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info');
    this.databaseUrl = r.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);
    this.databasePreparedStatements = r.bool('DATABASE_PREPARED_STATEMENTS', true);
    this.dataDir = resolve(r.str('DATA_DIR', './data'));
    this.redisUrl = r.optionalUrl('REDIS_URL', ['redis:', 'rediss:']);
    this.redisPrefix = r.str('REDIS_PREFIX', 'murmur');
    this.accessTokenTtlSeconds = r.int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400);
    this.refreshTokenTtlSeconds = r.int('REFRESH_TOKEN_TTL_SECONDS', 30 * 86400, 60, 365 * 86400);
    const embedded = this.databaseUrl === undefined;
    this.migrate = r.oneOf('DB_MIGRATE', ['auto', 'check'], embedded ? 'auto' : 'check');
    this.seedDemo = r.bool('MURMUR_SEED_DEMO', embedded);
    this.adminEmail = r.str('MURMUR_ADMIN_EMAIL', 'admin@murmur.local').toLowerCase();
    this.adminPassword = env.MURMUR_ADMIN_PASSWORD || undefined;
    this.webhookToleranceSeconds = r.int('WEBHOOK_TOLERANCE_SECONDS', 300, 1, 3600);
    this.queueLockMs = r.int('QUEUE_LOCK_MS', 30_000, 1_000, 600_000);
    this.outboundAttempts = r.int('OUTBOUND_ATTEMPTS', 6, 1, 50);
    this.outboundBackoffMs = r.int('OUTBOUND_BACKOFF_MS', 2_000, 10, 600_000);
    this.sweepIntervalMs = r.int('SWEEP_INTERVAL_MS', 15_000, 100, 3_600_000);
    this.retentionIntervalMs = r.int('RETENTION_INTERVAL_MS', 3_600_000, 1_000, 86_400_000);
    this.ingestConcurrency = r.int('INGEST_CONCURRENCY', 64, 1, 1024);
    // Embedded (PGlite) runs one flush at a time and never waits for company.
    this.ingestLingerMs = embedded ? 0 : r.int('INGEST_LINGER_MS', 30, 0, 1_000);
    this.stageLingerMs = embedded ? 0 : r.int('INBOUND_STAGE_LINGER_MS', 20, 0, 1_000);
    this.shutdownGraceMs = r.int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000);
    this.alertBackoffMs = r.int('ALERT_WEBHOOK_BACKOFF_MS', 15_000, 10, 3_600_000);
    this.crisisCooldownMinutes = r.int('CRISIS_COOLDOWN_MINUTES', 120, 5, 7 * 24 * 60);
    this.crisisInfluencerReach = r.int('CRISIS_INFLUENCER_REACH', 50_000, 1, 2_000_000_000);
    this.sessionLeaseMs = r.int('SESSION_LEASE_MS', 30_000, 1_000, 600_000);
    this.sessionReconcileMs = r.int('SESSION_RECONCILE_MS', 5_000, 100, 600_000);
    this.attachmentMaxBytes = r.int('ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024);

    if (role !== 'all' && this.redisUrl === undefined) {
      r.fail('REDIS_URL', `is required when api and worker run as separate processes (role "${role}")`);
    }
    // Production needs its secrets from the environment; the embedded default keeps generated ones
    // under the data directory so a restart does not log everybody out or lose channel secrets.
    const jwt = env.JWT_SECRET;
    const key = env.MURMUR_SECRET_KEY;
    if (!embedded && (!jwt || !key)) {
      r.fail(!jwt ? 'JWT_SECRET' : 'MURMUR_SECRET_KEY', 'is required when DATABASE_URL is set');
    }
    const local = embedded && (!jwt || !key) ? localSecrets(this.dataDir) : undefined;
    this.jwtSecret = jwt || local?.jwtSecret || '';
    const keyText = key || local?.secretKey;
    this.secretKey = keyText ? parseKey(keyText, r) : Buffer.alloc(32);
    r.throwIfFailed();
  }

  get embeddedDatabase(): boolean {
    return this.databaseUrl === undefined;
  }

  get runsApi(): boolean {
    return this.role !== 'worker';
  }

  get runsWorker(): boolean {
    return this.role !== 'api';
  }
}

function parseKey(text: string, r: EnvReader): Buffer {
  const buf = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (buf.length !== 32) {
    r.fail('MURMUR_SECRET_KEY', 'must be 32 bytes, as 64 hex characters or base64');
    return Buffer.alloc(32);
  }
  return buf;
}

function localSecrets(dataDir: string): { jwtSecret: string; secretKey: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret: string; secretKey: string };
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets = { jwtSecret: randomBytes(32).toString('hex'), secretKey: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

class EnvReader {
  private readonly errors: string[] = [];

  constructor(private readonly env: Record<string, string | undefined>) {}

  fail(name: string, problem: string): void {
    this.errors.push(`${name} ${problem}`);
  }

  throwIfFailed(): void {
    if (this.errors.length > 0) {
      throw new ConfigError(`invalid configuration: ${this.errors.join('; ')}`);
    }
  }

  private raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v === '' ? undefined : v;
  }

  str(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.fail(name, `must be a whole number from ${min} to ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
    this.fail(name, `must be true or false (got "${v}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.fail(name, `must be one of ${allowed.join(', ')} (got "${v}")`);
    return fallback;
  }

  url(name: string, fallback: string): string {
    const v = this.raw(name) ?? fallback;
    try {
      const u = new URL(v);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      this.fail(name, `must be an http(s) URL (got "${v}")`);
    }
    return v;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    try {
      if (!protocols.includes(new URL(v).protocol)) throw new Error('scheme');
    } catch {
      this.fail(name, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    }
    return v;
  }
}
