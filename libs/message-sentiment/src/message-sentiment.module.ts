import { Module } from '@nestjs/common';
import { InboxModule } from '@scrm/inbox';
import { MessageSentimentController } from './message-sentiment.controller';
import { MessageSentimentScorer } from './message-sentiment-scorer';
import { MessageSentimentService } from './message-sentiment.service';
import { SentimentCorrectionRepository } from './sentiment-correction.repository';
import { SentimentRescoreProcessor } from './sentiment-rescore.processor';

/** Sentiment as the inbox sees it: the shared scorer, agents' corrections, re-scoring after a model change. */
@Module({
  imports: [InboxModule],
  controllers: [MessageSentimentController],
  providers: [
    MessageSentimentScorer,
    MessageSentimentService,
    SentimentCorrectionRepository,
    SentimentRescoreProcessor,
  ],
  exports: [MessageSentimentScorer],
})
export class MessageSentimentModule {}
