import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { CreateNoteDto, NoteDto } from './collaboration.dto';
import { NoteService } from './note.service';

const id = new ParseIdPipe('conversation');

@ApiTags('conversations')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('conversations/:id/notes')
export class NoteController {
  constructor(private readonly notes: NoteService) {}

  @Get()
  @ApiOperation({ summary: 'Private notes on a conversation' })
  @ApiErrors(404)
  @ApiOkResponse({ type: [NoteDto], description: 'private notes, oldest first' })
  list(@CurrentPrincipal() p: Principal, @Param('id', id) conversationId: string): Promise<NoteDto[]> {
    return this.notes.list(p.workspaceId, conversationId);
  }

  @Post()
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Add a private note, mentioning members with @name (owner, admin, agent)' })
  @ApiErrors(400, 403, 404)
  @ApiCreatedResponse({ type: NoteDto, description: 'mentioned members receive note.mentioned live' })
  create(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) conversationId: string,
    @Body() body: CreateNoteDto,
  ): Promise<NoteDto> {
    return this.notes.create(p, conversationId, body.text);
  }
}
