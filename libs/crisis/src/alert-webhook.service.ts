import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@scrm/config';
import { AppException } from '@scrm/common';
import { SecretBox } from '@scrm/channels';
import { UnitOfWork } from '@scrm/database';
import type { JobContext } from '@scrm/queue';
import { renderAlertWebhook } from './alert-webhook-payload';
import { CrisisAlertViews } from './crisis-alert-view.service';
import { CrisisWebhookRepository, type WebhookRow } from './crisis-webhook.repository';
import type {
  AlertWebhookDto,
  CreateAlertWebhookDto,
  CreatedAlertWebhookDto,
  UpdateAlertWebhookDto,
} from './crisis.dto';

const TIMEOUT_MS = 10_000;

function toDto(r: WebhookRow): AlertWebhookDto {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    format: r.format,
    active: r.active,
    createdAt: r.created_at.toISOString(),
  };
}

/** The workspace's alert webhooks, and sending one outbox row (retried by the queue). */
@Injectable()
export class AlertWebhookService {
  private readonly logger = new Logger('AlertWebhooks');
  private readonly box: SecretBox;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: CrisisWebhookRepository,
    private readonly views: CrisisAlertViews,
    config: AppConfig,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async list(workspaceId: string): Promise<AlertWebhookDto[]> {
    return (await this.repo.list(this.uow.manager, workspaceId)).map(toDto);
  }

  async get(workspaceId: string, id: string): Promise<AlertWebhookDto> {
    const row = await this.repo.find(this.uow.manager, workspaceId, id);
    if (!row) throw AppException.notFound('alert webhook');
    return toDto(row);
  }

  async create(workspaceId: string, dto: CreateAlertWebhookDto): Promise<CreatedAlertWebhookDto> {
    const secret = dto.secret ?? randomBytes(32).toString('hex');
    const id = await this.repo.create(this.uow.manager, workspaceId, {
      name: dto.name,
      url: dto.url,
      format: dto.format,
      secretEncrypted: this.box.seal({ secret }),
    });
    return { ...(await this.get(workspaceId, id)), secret };
  }

  async update(workspaceId: string, id: string, dto: UpdateAlertWebhookDto): Promise<AlertWebhookDto> {
    const row = await this.repo.find(this.uow.manager, workspaceId, id);
    if (!row) throw AppException.notFound('alert webhook');
    await this.repo.update(this.uow.manager, workspaceId, id, {
      name: dto.name ?? row.name,
      url: dto.url ?? row.url,
      format: dto.format ?? row.format,
      active: dto.active ?? row.active,
    });
    return this.get(workspaceId, id);
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repo.remove(this.uow.manager, workspaceId, id))) throw AppException.notFound('alert webhook');
  }

  /** Sends one delivery with the alert as it is now; throws to have the queue retry. */
  async deliver(workspaceId: string, deliveryId: string, ctx: JobContext): Promise<void> {
    const em = this.uow.manager;
    const delivery = await this.repo.findDelivery(em, workspaceId, deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const hook = await this.repo.find(em, workspaceId, delivery.webhook_id);
    const [alert] = await this.views.byIds(workspaceId, [delivery.alert_id]);
    if (!hook || !hook.active || !alert) {
      await this.repo.settleDelivery(em, workspaceId, deliveryId, 'failed', 'the webhook or alert no longer exists');
      return;
    }
    const secret = this.box.open(hook.secret_encrypted).secret ?? '';
    const req = renderAlertWebhook(hook.format, hook.url, secret, delivery.event, alert.view, new Date());
    let error: string | null = null;
    try {
      const res = await fetch(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.text();
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      error = `${err instanceof Error ? err.message : String(err)}${cause}`;
    }
    if (error === null) {
      await this.repo.settleDelivery(em, workspaceId, deliveryId, 'sent', null);
      return;
    }
    this.logger.warn(`alert webhook delivery failed (${error}, attempt ${ctx.attempt}/${ctx.maxAttempts})`);
    if (ctx.isFinalAttempt) {
      await this.repo.settleDelivery(em, workspaceId, deliveryId, 'failed', error);
      return;
    }
    throw new Error(`alert webhook delivery failed: ${error}`);
  }
}
