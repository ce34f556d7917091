import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@scrm/auth';
import { ApiErrors, AppException, ParseIdPipe } from '@scrm/common';
import { inboundRequestOf, sendInboundAnswer } from './inbound-http';
import { IngestService } from './ingest.service';

@ApiTags('inbound')
@Controller('inbound')
export class InboundController {
  constructor(private readonly ingest: IngestService) {}

  @Public()
  @Post(':channelId')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Inbound push for a channel (webhook: signed JSON; wechat-official and wecom-kf: WeChat XML)',
    description:
      'The body format and authentication depend on the channel type. WeChat channels (wechat-official, ' +
      'wecom-kf) take the XML push with signature/timestamp/nonce (and msg_signature in safe mode) in the ' +
      'query string and answer 200 text/plain "success" once the push is durably enqueued. Webhook channels: ' +
      'Headers: X-Murmur-Timestamp (unix seconds, within 5 minutes) and X-Murmur-Signature: ' +
      'sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>. Answers 202 once durably enqueued. ' +
      'Re-sending the same messageId is harmless: it is stored once.',
  })
  @ApiHeader({ name: 'X-Murmur-Timestamp', required: false, description: 'webhook channels' })
  @ApiHeader({ name: 'X-Murmur-Signature', required: false, description: 'webhook channels' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['messageId', 'sender'],
      properties: {
        messageId: { type: 'string', maxLength: 256 },
        sender: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            avatarUrl: { type: 'string' },
            reach: { type: 'integer', minimum: 0, description: 'followers; used when no top-level reach is given' },
          },
        },
        text: { type: 'string' },
        reach: {
          type: 'integer',
          minimum: 0,
          description: "how many people the message reaches: the author's followers or the group's size",
        },
        timestamp: { type: 'string', format: 'date-time' },
        attachments: {
          type: 'array',
          items: {
            type: 'object',
            required: ['url'],
            properties: {
              url: { type: 'string' },
              type: { type: 'string' },
              name: { type: 'string' },
              size: { type: 'number' },
            },
          },
        },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'durably enqueued', schema: { type: 'object', example: {} } })
  @ApiErrors(400, 401, 404, 413)
  async receive(
    @Param('channelId', new ParseIdPipe('channel')) channelId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!Buffer.isBuffer(req.body)) throw AppException.invalid('request body is missing');
    await this.answer(res, channelId, req, req.body);
  }

  @Public()
  @Get(':channelId')
  @ApiOperation({
    summary: 'Platform check of a channel’s inbound URL (WeChat: server URL verification; X: the CRC check)',
    description:
      'WeChat checks the server URL with GET signature, timestamp, nonce and echostr (wecom-kf: msg_signature ' +
      'and an encrypted echostr). A valid check is answered with the echostr (decrypted for wecom-kf) as text. ' +
      'X sends GET ?crc_token=… when the webhook is registered and periodically; the answer is ' +
      '{"response_token": "sha256=" + base64(HMAC-SHA256(consumer secret, crc_token))}. Channels without a ' +
      'check refuse the request.',
  })
  @ApiQuery({ name: 'echostr', required: false, type: String, description: 'WeChat channels' })
  @ApiQuery({ name: 'signature', required: false, type: String })
  @ApiQuery({ name: 'msg_signature', required: false, type: String })
  @ApiQuery({ name: 'timestamp', required: false, type: String, description: 'WeChat channels' })
  @ApiQuery({ name: 'nonce', required: false, type: String, description: 'WeChat channels' })
  @ApiQuery({ name: 'crc_token', required: false, type: String, description: 'X channels' })
  @ApiOkResponse({ description: 'the echostr as text/plain (WeChat), or the CRC answer as JSON (X)' })
  @ApiErrors(400, 401, 404)
  async verify(
    @Param('channelId', new ParseIdPipe('channel')) channelId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.answer(res, channelId, req, Buffer.alloc(0));
  }

  private async answer(res: Response, channelId: string, req: Request, rawBody: Buffer): Promise<void> {
    const answer = await this.ingest.accept(channelId, inboundRequestOf(req, rawBody));
    sendInboundAnswer(res, answer);
  }
}
