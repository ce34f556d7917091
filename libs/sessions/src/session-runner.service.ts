import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ChannelService, type SessionChannel } from '@scrm/channels';
import { AppConfig } from '@scrm/config';
import { isSessionful, type ChannelSession, type SessionfulConnector } from '@scrm/connector-sdk';
import { ChannelEventRecorder, IngestService } from '@scrm/ingest';
import { ChannelStatusReporter } from './channel-status-reporter.service';
import { LeasedSessionHost } from './leased-session-host';
import { SessionLeaseRepository } from './session-lease.repository';
import { SessionStateRepository } from './session-state.repository';

interface LiveSession {
  workspaceId: string;
  channelId: string;
  fingerprint: string;
  epoch: string;
  controller: AbortController;
  session: ChannelSession | undefined;
  started: Promise<void>;
  stopping: Promise<void> | undefined;
}

const STOP_TIMEOUT_MS = 10_000;
const START_RETRY_MS = 30_000;

/**
 * Runs one live session for every channel whose connector is sessionful, exactly one across all
 * worker processes: a worker starts a session only while it holds the channel's lease (see
 * docs/sessions.md). It restarts a session whose config changed and stops one whose channel is gone.
 */
@Injectable()
export class SessionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  /** This process's identity in the lease table. */
  readonly holderId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly live = new Map<string, LiveSession>();
  private readonly retryAt = new Map<string, number>();
  private reconcileTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private lastRenewedAt = 0;
  private running = false;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly channels: ChannelService,
    private readonly leases: SessionLeaseRepository,
    private readonly state: SessionStateRepository,
    private readonly ingest: IngestService,
    private readonly events: ChannelEventRecorder,
    private readonly status: ChannelStatusReporter,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.running = true;
    this.lastRenewedAt = Date.now();
    this.scheduleReconcile(0);
    this.scheduleRenew();
    this.logger.log(`session runner started as ${this.holderId}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    if (this.renewTimer) clearTimeout(this.renewTimer);
    await this.reconciling;
    await Promise.all([...this.live.values()].map((s) => this.stop(s, true)));
  }

  /** The live session of a channel when this process runs it. */
  localSession(workspaceId: string, channelId: string): ChannelSession | undefined {
    const s = this.live.get(channelId);
    return s && s.workspaceId === workspaceId && !s.controller.signal.aborted ? s.session : undefined;
  }

  /** Runs one reconciliation now (tests and the change notifications call it). */
  reconcileNow(): Promise<void> {
    this.reconciling = this.reconciling
      .then(() => this.reconcile())
      .catch((err: unknown) => {
        this.logger.warn(`reconcile failed: ${String(err)}`);
      });
    return this.reconciling;
  }

  private scheduleReconcile(delay: number): void {
    this.reconcileTimer = setTimeout(() => {
      void this.reconcileNow().finally(() => {
        if (this.running) this.scheduleReconcile(this.config.sessionReconcileMs);
      });
    }, delay);
    this.reconcileTimer.unref();
  }

  private scheduleRenew(): void {
    this.renewTimer = setTimeout(
      () => {
        void this.renew().finally(() => {
          if (this.running) this.scheduleRenew();
        });
      },
      Math.max(200, Math.floor(this.config.sessionLeaseMs / 3)),
    );
    this.renewTimer.unref();
  }

  private sessionfulTypes(): string[] {
    return this.channels.connectorTypes().filter((t) => isSessionful(this.channels.connectorOf(t)));
  }

  private async reconcile(): Promise<void> {
    if (!this.running) return;
    const wanted = await this.channels.listForSessions(this.sessionfulTypes());
    const byId = new Map(wanted.map((c) => [c.context.channelId, c]));
    for (const s of [...this.live.values()]) {
      const c = byId.get(s.channelId);
      if (!c || c.fingerprint !== s.fingerprint) {
        this.logger.log(`stopping session of channel ${s.channelId} (${c ? 'reconfigured' : 'removed'})`);
        await this.stop(s, true);
      }
    }
    for (const c of wanted) {
      if (!this.running) return;
      if (this.live.has(c.context.channelId)) continue;
      if ((this.retryAt.get(c.context.channelId) ?? 0) > Date.now()) continue;
      const epoch = await this.leases.acquire(
        c.context.workspaceId,
        c.context.channelId,
        this.holderId,
        this.config.sessionLeaseMs,
      );
      if (epoch === undefined) continue;
      this.start(c, epoch);
    }
  }

  private async renew(): Promise<void> {
    const started = Date.now();
    try {
      const held = await this.leases.renew(this.holderId, this.config.sessionLeaseMs);
      this.lastRenewedAt = started;
      const epochs = new Map(held.map((h) => [h.channelId, h.epoch]));
      for (const s of [...this.live.values()]) {
        if (epochs.get(s.channelId) !== s.epoch) {
          this.logger.warn(`lost the session lease of channel ${s.channelId}; stopping it here`);
          void this.stop(s, false);
        }
      }
    } catch (err) {
      this.logger.warn(`lease renewal failed: ${String(err)}`);
      // Stop before the lease can expire in the database, so two sessions never overlap.
      if (Date.now() - this.lastRenewedAt > this.config.sessionLeaseMs * 0.75) {
        for (const s of [...this.live.values()]) void this.stop(s, false);
      }
    }
  }

  private start(c: SessionChannel, epoch: string): void {
    const { channelId, workspaceId } = c.context;
    const controller = new AbortController();
    const entry: LiveSession = {
      workspaceId,
      channelId,
      fingerprint: c.fingerprint,
      epoch,
      controller,
      session: undefined,
      started: Promise.resolve(),
      stopping: undefined,
    };
    this.live.set(channelId, entry);
    const connector = c.connector as unknown as SessionfulConnector & { identityScope: 'channel' | 'platform' };
    const host = new LeasedSessionHost(
      channelId,
      {
        ingest: (messages) =>
          this.ingest.stageFromSession(
            { context: c.context, type: c.type, identityScope: connector.identityScope },
            messages,
          ),
        recordEvents: async (events) => {
          await this.events.record(
            { workspaceId, channelId, channelType: c.type, identityScope: connector.identityScope },
            events,
          );
        },
        reportStatus: (report) => this.status.report(workspaceId, channelId, report),
        loadState: (key) => this.state.load(workspaceId, channelId, key),
        saveState: (key, value) =>
          this.state.save(workspaceId, channelId, key, value, { holder: this.holderId, epoch }),
        onLeaseLost: () => void this.stop(entry, false),
      },
      controller.signal,
      this.logger,
      workspaceId,
    );
    this.logger.log(`starting session of channel ${channelId} (${c.type}, epoch ${epoch}) in ${this.holderId}`);
    // Through a promise, so a connector that throws synchronously is handled like one that rejects.
    entry.started = Promise.resolve()
      .then(() => connector.startSession(c.context, host))
      .then(
        (session) => {
          // If a stop came in meanwhile, stop() is waiting for this and stops the session next.
          entry.session = session;
        },
        async (err: unknown) => {
          this.logger.warn(`session of channel ${channelId} failed to start: ${describe(err)}`);
          this.retryAt.set(channelId, Date.now() + START_RETRY_MS);
          await this.channels
            .recordSessionStatus(workspaceId, channelId, {
              status: 'error',
              detail: `session failed to start: ${describe(err)}`,
            })
            .catch(() => undefined);
          // Not awaited: stop() waits for this very promise.
          void this.stop(entry, true);
        },
      );
  }

  private stop(s: LiveSession, release: boolean): Promise<void> {
    s.stopping ??= (async () => {
      s.controller.abort();
      await s.started;
      if (s.session) await this.stopQuietly(s.channelId, s.session);
      if (this.live.get(s.channelId) === s) this.live.delete(s.channelId);
      if (release) {
        await this.leases.release(s.workspaceId, s.channelId, this.holderId).catch((err: unknown) => {
          this.logger.warn(`lease release failed for channel ${s.channelId}: ${String(err)}`);
        });
      }
    })();
    return s.stopping;
  }

  private async stopQuietly(channelId: string, session: ChannelSession): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        session.stop(),
        new Promise((resolve) => {
          timer = setTimeout(resolve, STOP_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      this.logger.warn(`session of channel ${channelId} failed to stop cleanly: ${describe(err)}`);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
