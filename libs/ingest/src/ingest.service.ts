import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { ChannelService } from '@scrm/channels';
import {
  InboundRejection,
  type ChannelContext,
  type IdentityScope,
  type InboundHttpRequest,
  type InboundHttpResult,
  type NormalizedInboundMessage,
} from '@scrm/connector-sdk';
import { AttachmentService } from './attachment.service';
import { ChannelEventRecorder, type EventSource } from './channel-event-recorder.service';
import { InboundStager } from './inbound-stager';

export interface InboundAnswer {
  status: number;
  body?: unknown;
  contentType?: string;
}

/** The inbound door: the channel's connector verifies and parses; accepted messages are staged. */
@Injectable()
export class IngestService {
  constructor(
    private readonly channels: ChannelService,
    private readonly stager: InboundStager,
    private readonly events: ChannelEventRecorder,
    private readonly attachments: AttachmentService,
  ) {}

  async accept(channelId: string, request: InboundHttpRequest): Promise<InboundAnswer> {
    const channel = await this.channels.resolveForInbound(channelId);
    if (!channel || !channel.connector.handleInbound) throw AppException.notFound('channel');
    let result: InboundHttpResult;
    try {
      result = await channel.connector.handleInbound(channel.context, request, new Date());
    } catch (err) {
      if (err instanceof InboundRejection) {
        throw new AppException(err.reason === 'FORBIDDEN' ? 'FORBIDDEN' : err.reason, err.message);
      }
      throw err;
    }
    const source = {
      workspaceId: channel.context.workspaceId,
      channelId: channel.context.channelId,
      channelType: channel.type,
      identityScope: channel.connector.identityScope,
    };
    await this.stage(source, result.messages);
    await this.events.record(source, result.events ?? []);
    if (result.afterAccept) await result.afterAccept();
    return result.response;
  }

  /**
   * Durably accepts messages a live connector session produced (the session host's `ingest`): inline
   * attachments are stored, then the messages are staged for the ingest pipeline.
   */
  async acceptFromSession(source: EventSource, messages: NormalizedInboundMessage[]): Promise<void> {
    await this.stage(source, messages);
  }

  /** The session runner's door: the same durable, idempotent staging as a push. */
  async stageFromSession(
    channel: { context: ChannelContext; type: string; identityScope: IdentityScope },
    messages: NormalizedInboundMessage[],
  ): Promise<void> {
    if (messages.length === 0) return;
    await this.stage(
      {
        workspaceId: channel.context.workspaceId,
        channelId: channel.context.channelId,
        channelType: channel.type,
        identityScope: channel.identityScope,
      },
      messages,
    );
  }

  private async stage(source: EventSource, messages: NormalizedInboundMessage[]): Promise<void> {
    const stored = await this.attachments.storeInline(source.workspaceId, source.channelId, messages);
    await this.stager.stage(
      stored.map((message) => ({
        workspaceId: source.workspaceId,
        channelId: source.channelId,
        payload: { channelType: source.channelType, identityScope: source.identityScope, message },
      })),
    );
  }
}
