import { Injectable } from '@nestjs/common';
import { JobName, JobProcessor, type JobHandler, type JobPayloads } from '@scrm/queue';
import { MessageSentimentService } from './message-sentiment.service';

@Injectable()
@JobProcessor(JobName.SentimentRescore)
export class SentimentRescoreProcessor implements JobHandler<JobName.SentimentRescore> {
  constructor(private readonly sentiment: MessageSentimentService) {}

  handle(payload: JobPayloads[JobName.SentimentRescore]): Promise<void> {
    return this.sentiment.rescorePage(payload.workspaceId, payload.since, payload.after);
  }
}
