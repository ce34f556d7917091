import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { ConversationService } from './conversation.service';
import {
  ConversationDto,
  ConversationPageDto,
  ListConversationsQuery,
  MessageDto,
  MessagePageDto,
  MoveToDmDto,
  MoveToDmResultDto,
  PageQuery,
  ReplyDto,
  UpdateConversationDto,
} from './inbox.dto';
import { MoveToDmService } from './move-to-dm.service';
import { ReplyService } from './reply.service';

const id = new ParseIdPipe('conversation');

@ApiTags('conversations')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('conversations')
export class ConversationController {
  constructor(
    private readonly conversations: ConversationService,
    private readonly replies: ReplyService,
    private readonly moves: MoveToDmService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List conversations, filtered and sorted (latest activity, priority, waiting longest)' })
  @ApiErrors(400)
  @ApiOkResponse({ type: ConversationPageDto, description: 'in the order of `sort`, cursor-paginated' })
  list(@CurrentPrincipal() p: Principal, @Query() q: ListConversationsQuery): Promise<ConversationPageDto> {
    return this.conversations.list(p, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One conversation' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiErrors(404)
  get(@CurrentPrincipal() p: Principal, @Param('id', id) conversationId: string): Promise<ConversationDto> {
    return this.conversations.get(p.workspaceId, conversationId, p.userId);
  }

  @Patch(':id')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Change status, assignee or priority (owner, admin, agent)' })
  @ApiOkResponse({ type: ConversationDto, description: 'change status (snooze), assignee or priority' })
  @ApiErrors(400, 403, 404)
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) conversationId: string,
    @Body() body: UpdateConversationDto,
  ): Promise<ConversationDto> {
    return this.conversations.update(p, conversationId, body);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a conversation read for the signed-in member' })
  @ApiBody({ required: false, description: 'no body needed', schema: { type: 'object', example: {} } })
  @ApiOkResponse({
    type: ConversationDto,
    description: "clears the member's own unread count (sent to their other tabs as conversation.unread)",
  })
  @ApiErrors(404)
  read(@CurrentPrincipal() p: Principal, @Param('id', id) conversationId: string): Promise<ConversationDto> {
    return this.conversations.markRead(p, conversationId);
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'Messages of a conversation, cursor-paginated' })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiErrors(400, 404)
  messages(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) conversationId: string,
    @Query() q: PageQuery,
  ): Promise<MessagePageDto> {
    return this.conversations.messagesOf(p.workspaceId, conversationId, q.cursor, q.limit ?? 50);
  }

  @Post(':id/messages')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({
    summary: 'Reply in a conversation (owner, admin, agent)',
    description: 'Sent through the channel by the outbound queue, with retries. 409 once the customer was erased.',
  })
  @ApiErrors(400, 403, 404, 409)
  @ApiCreatedResponse({
    type: MessageDto,
    description: 'the reply, status pending; delivery updates arrive as message.updated',
  })
  reply(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) conversationId: string,
    @Body() body: ReplyDto,
  ): Promise<MessageDto> {
    return this.replies.reply(p, conversationId, body.text ?? '', body.attachmentIds);
  }

  @Post(':id/messages/:messageId/retry')
  @Roles('owner', 'admin', 'agent')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed reply again (owner, admin, agent)' })
  @ApiBody({ required: false, description: 'no body needed', schema: { type: 'object', example: {} } })
  @ApiErrors(403, 404, 409)
  @ApiOkResponse({ type: MessageDto, description: 'a failed reply goes back to pending and is sent again' })
  retry(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) conversationId: string,
    @Param('messageId', new ParseIdPipe('message')) messageId: string,
  ): Promise<MessageDto> {
    return this.replies.retry(p, conversationId, messageId);
  }

  @Post(':id/move-to-dm')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({
    summary: 'Move a public conversation to a DM with its author (owner, admin, agent)',
    description:
      'For public X conversations: sends `text` as a DM to the author of the newest public post and links ' +
      'the DM conversation to the public one on the contact timeline (an event on each). 400 for a channel ' +
      'without DMs, 409 for a conversation that is already a DM.',
  })
  @ApiErrors(400, 403, 404, 409)
  @ApiCreatedResponse({ type: MoveToDmResultDto, description: 'the DM conversation and the DM sent (pending)' })
  moveToDm(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) conversationId: string,
    @Body() body: MoveToDmDto,
  ): Promise<MoveToDmResultDto> {
    return this.moves.move(p, conversationId, body.text);
  }
}
