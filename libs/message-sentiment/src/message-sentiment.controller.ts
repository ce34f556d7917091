import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import {
  CorrectionListQuery,
  CorrectSentimentDto,
  RescoreDto,
  RescoreStartedDto,
  SentimentCorrectionDto,
} from './message-sentiment.dto';
import { MessageSentimentService } from './message-sentiment.service';

@ApiTags('sentiment')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class MessageSentimentController {
  constructor(private readonly sentiment: MessageSentimentService) {}

  @Put('messages/:id/sentiment')
  @HttpCode(204)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({
    summary: "Correct an inbound message's sentiment",
    description: 'Stores who changed it, when, and old → new; the message is re-published as message.updated.',
  })
  @ApiNoContentResponse({ description: 'corrected' })
  @ApiErrors(400, 403, 404)
  correct(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('message')) messageId: string,
    @Body() body: CorrectSentimentDto,
  ): Promise<void> {
    return this.sentiment.correct(p, messageId, body.label);
  }

  @Post('messages/:id/sentiment')
  @HttpCode(204)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Same as PUT, for clients that can only POST' })
  @ApiNoContentResponse({ description: 'corrected' })
  @ApiErrors(400, 403, 404)
  correctByPost(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('message')) messageId: string,
    @Body() body: CorrectSentimentDto,
  ): Promise<void> {
    return this.sentiment.correct(p, messageId, body.label);
  }

  @Get('sentiment/corrections')
  @ApiOperation({ summary: 'Sentiment corrections made by agents' })
  @ApiErrors(400)
  @ApiOkResponse({ type: [SentimentCorrectionDto], description: 'latest correction per message, newest first' })
  corrections(@CurrentPrincipal() p: Principal, @Query() q: CorrectionListQuery): Promise<SentimentCorrectionDto[]> {
    return this.sentiment.corrections(p.workspaceId, q.limit ?? 1000);
  }

  @Get('sentiment/corrections/export')
  @Roles('owner', 'admin')
  @Header('content-type', 'application/x-ndjson; charset=utf-8')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary: 'Corrections as training JSONL',
    description:
      'One {"text","label","lang","source"} per line: `npm run sentiment -- train --data <dir> --corrections <this file>`.',
  })
  @ApiOkResponse({ description: 'JSONL' })
  @ApiErrors(400, 403)
  exportCorrections(@CurrentPrincipal() p: Principal, @Query() q: CorrectionListQuery): Promise<string> {
    return this.sentiment.exportCorrections(p.workspaceId, q.limit ?? 50000);
  }

  @Post('sentiment/rescore')
  @HttpCode(202)
  @Roles('owner', 'admin')
  @ApiOperation({
    summary: "Re-label recent messages with this process's model",
    description:
      'Queues a job that re-scores inbound messages scored by another model version; agent corrections are kept.',
  })
  @ApiAcceptedResponse({ type: RescoreStartedDto })
  @ApiErrors(400, 403)
  rescore(@CurrentPrincipal() p: Principal, @Body() body: RescoreDto): Promise<RescoreStartedDto> {
    return this.sentiment.startRescore(p.workspaceId, body.days ?? 30);
  }
}
