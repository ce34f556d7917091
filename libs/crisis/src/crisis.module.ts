import { Module } from '@nestjs/common';
import { ChannelsModule } from '@scrm/channels';
import { InboxModule } from '@scrm/inbox';
import { AlertDeliverProcessor } from './alert-deliver.processor';
import { AlertDeliverySweeper } from './alert-delivery-sweeper.service';
import { AlertWebhookService } from './alert-webhook.service';
import { CrisisAlertController } from './crisis-alert.controller';
import { CrisisAlertRepository } from './crisis-alert.repository';
import { CrisisAlertService } from './crisis-alert.service';
import { CrisisAlertViews } from './crisis-alert-view.service';
import { CrisisBucketRepository } from './crisis-bucket.repository';
import { CrisisDetectProcessor } from './crisis-detect.processor';
import { CrisisDetectionService } from './crisis-detection.service';
import { CrisisKeywordSetRepository } from './crisis-keyword-set.repository';
import { CrisisKeywordSetService } from './crisis-keyword-set.service';
import { CrisisNotifier } from './crisis-notifier.service';
import { CrisisPendingSweeper } from './crisis-pending-sweeper.service';
import { CrisisSettingsController } from './crisis-settings.controller';
import { CrisisTrendService } from './crisis-trend.service';
import { CrisisWebhookRepository } from './crisis-webhook.repository';

/**
 * Crisis detection: event-time buckets per topic and channel type, the detector, alerts with their
 * lifecycle, alert webhooks, and the sentiment trend API.
 */
@Module({
  imports: [ChannelsModule, InboxModule],
  controllers: [CrisisAlertController, CrisisSettingsController],
  providers: [
    CrisisBucketRepository,
    CrisisAlertRepository,
    CrisisKeywordSetRepository,
    CrisisWebhookRepository,
    CrisisAlertViews,
    CrisisNotifier,
    CrisisDetectionService,
    CrisisAlertService,
    CrisisKeywordSetService,
    CrisisTrendService,
    AlertWebhookService,
    CrisisDetectProcessor,
    AlertDeliverProcessor,
    AlertDeliverySweeper,
    CrisisPendingSweeper,
  ],
  exports: [CrisisDetectionService],
})
export class CrisisModule {}
