import { Injectable } from '@nestjs/common';
import { JobName, JobProcessor, type JobContext, type JobHandler, type JobPayloads } from '@scrm/queue';
import { OutboundService } from './outbound.service';

@Injectable()
@JobProcessor(JobName.OutboundSend)
export class OutboundProcessor implements JobHandler<JobName.OutboundSend> {
  constructor(private readonly outbound: OutboundService) {}

  handle(payload: JobPayloads[JobName.OutboundSend], ctx: JobContext): Promise<void> {
    return this.outbound.deliver(payload.workspaceId, payload.messageId, ctx);
  }
}
