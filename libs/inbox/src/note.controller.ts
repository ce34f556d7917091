import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ParseIdPipe } from '@scrm/common';
import { CreateNoteDto, NoteDto } from './collaboration.dto';
import { NoteService } from './note.service';

const id = new ParseIdPipe('conversation');

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations/:id/notes')
export class NoteController {
  constructor(private readonly notes: NoteService) {}

  @Get()
  @ApiOkResponse({ type: [NoteDto], description: 'private notes, oldest first' })
  list(@CurrentPrincipal() p: Principal, @Param('id', id) conversationId: string): Promise<NoteDto[]> {
    return this.notes.list(p.workspaceId, conversationId);
  }

  @Post()
  @Roles('owner', 'admin', 'agent')
  @ApiCreatedResponse({ type: NoteDto, description: 'mentioned members receive note.mentioned live' })
  create(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) conversationId: string,
    @Body() body: CreateNoteDto,
  ): Promise<NoteDto> {
    return this.notes.create(p, conversationId, body.text);
  }
}
