import { Injectable } from '@nestjs/common';
import { JobName, JobProcessor, type JobContext, type JobHandler, type JobPayloads } from '@scrm/queue';
import { AlertWebhookService } from './alert-webhook.service';

@Injectable()
@JobProcessor(JobName.AlertDeliver)
export class AlertDeliverProcessor implements JobHandler<JobName.AlertDeliver> {
  constructor(private readonly webhooks: AlertWebhookService) {}

  handle(payload: JobPayloads[JobName.AlertDeliver], ctx: JobContext): Promise<void> {
    return this.webhooks.deliver(payload.workspaceId, payload.deliveryId, ctx);
  }
}
