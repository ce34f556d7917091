import { Injectable } from '@nestjs/common';
import { JobName, JobProcessor, type JobHandler, type JobPayloads } from '@scrm/queue';
import { IngestPipeline } from './ingest-pipeline.service';

@Injectable()
@JobProcessor(JobName.IngestInbound)
export class IngestProcessor implements JobHandler<JobName.IngestInbound> {
  constructor(private readonly pipeline: IngestPipeline) {}

  handle(payload: JobPayloads[JobName.IngestInbound]): Promise<void> {
    return this.pipeline.process(payload.workspaceId, payload.inboundIds);
  }
}
