import { Injectable } from '@nestjs/common';
import { ChannelService } from '@scrm/channels';
import type { ChannelStatusReport } from '@scrm/connector-sdk';
import { RealtimePublisher } from '@scrm/realtime';

/**
 * Records a channel's connection status and pushes it live to the workspace's admins as
 * `channel.updated`: for live sessions, and for what a send learns (a rate limit on sending).
 */
@Injectable()
export class ChannelStatusReporter {
  constructor(
    private readonly channels: ChannelService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async report(workspaceId: string, channelId: string, report: ChannelStatusReport): Promise<void> {
    const view = await this.channels.recordSessionStatus(workspaceId, channelId, report);
    if (!view) return;
    this.realtime.publishToAdmins(workspaceId, 'channel.updated', {
      workspaceId,
      channel: { ...view, ...(report.qrCode ? { qrCode: report.qrCode } : {}) },
    });
  }
}
