import { Injectable } from '@nestjs/common';
import { JobName, JobProcessor, type JobContext, type JobHandler, type JobPayloads } from '@scrm/queue';
import { MediaFetchService } from './media-fetch.service';

@Injectable()
@JobProcessor(JobName.MediaFetch)
export class MediaFetchProcessor implements JobHandler<JobName.MediaFetch> {
  constructor(private readonly media: MediaFetchService) {}

  handle(payload: JobPayloads[JobName.MediaFetch], ctx: JobContext): Promise<void> {
    return this.media.fetch(payload.workspaceId, payload.messageId, ctx);
  }
}
