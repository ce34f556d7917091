import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { ChannelService } from '@scrm/channels';
import {
  InboundRejection,
  type ChannelContext,
  type IdentityScope,
  type InboundHttpRequest,
  type NormalizedInboundMessage,
} from '@scrm/connector-sdk';
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
  ) {}

  async accept(channelId: string, request: InboundHttpRequest): Promise<InboundAnswer> {
    const channel = await this.channels.resolveForInbound(channelId);
    if (!channel || !channel.connector.handleInbound) throw AppException.notFound('channel');
    let result;
    try {
      result = channel.connector.handleInbound(channel.context, request, new Date());
    } catch (err) {
      if (err instanceof InboundRejection) {
        throw new AppException(err.reason === 'FORBIDDEN' ? 'FORBIDDEN' : err.reason, err.message);
      }
      throw err;
    }
    await this.stager.stage(
      result.messages.map((message) => ({
        workspaceId: channel.context.workspaceId,
        channelId: channel.context.channelId,
        payload: { channelType: channel.type, identityScope: channel.connector.identityScope, message },
      })),
    );
    return result.response;
  }

  /** A live session's messages: staged durably (idempotent on the platform message id) before resolving. */
  async stageFromSession(
    channel: { context: ChannelContext; type: string; identityScope: IdentityScope },
    messages: NormalizedInboundMessage[],
  ): Promise<void> {
    if (messages.length === 0) return;
    await this.stager.stage(
      messages.map((message) => ({
        workspaceId: channel.context.workspaceId,
        channelId: channel.context.channelId,
        payload: { channelType: channel.type, identityScope: channel.identityScope, message },
      })),
    );
  }
}
