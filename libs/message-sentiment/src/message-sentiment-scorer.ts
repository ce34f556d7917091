import { Injectable } from '@nestjs/common';
import { SentimentScorer, type SentimentResult } from '@scrm/sentiment';

let shared: SentimentScorer | undefined;

/**
 * The process's one sentiment model. Loaded on first use and shared by every module (and every app
 * instance in a test process), because loading costs tens of milliseconds and megabytes of weights.
 */
@Injectable()
export class MessageSentimentScorer {
  private get scorer(): SentimentScorer {
    shared ??= SentimentScorer.load();
    return shared;
  }

  get modelVersion(): string {
    return this.scorer.modelVersion;
  }

  score(text: string): SentimentResult {
    return this.scorer.score(text);
  }
}
