import { Injectable } from '@nestjs/common';
import { JobName, JobProcessor, type JobHandler, type JobPayloads } from '@scrm/queue';
import { CrisisDetectionService } from './crisis-detection.service';

@Injectable()
@JobProcessor(JobName.CrisisDetect)
export class CrisisDetectProcessor implements JobHandler<JobName.CrisisDetect> {
  constructor(private readonly detection: CrisisDetectionService) {}

  handle(payload: JobPayloads[JobName.CrisisDetect]): Promise<void> {
    return this.detection.detectMerged(payload.workspaceId, payload.messageIds, payload.eventIds, payload.recount);
  }
}
