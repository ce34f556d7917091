import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { TimelinePageDto } from '@scrm/timeline';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ContactDto } from './contact.dto';
import { ContactService } from './contact.service';

class TimelineQueryDto {
  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z_.]+(,[a-z_.]+)*$/, { message: 'kind must be a comma-separated list of event kinds' })
  kind?: string;

  @IsOptional()
  @IsUUID('all', { message: 'channelId must be a UUID' })
  channelId?: string;
}

@ApiTags('contacts')
@ApiBearerAuth()
@ApiErrors(401, 404)
@Controller('contacts')
export class ContactController {
  constructor(private readonly contacts: ContactService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A contact with its identities on every channel' })
  @ApiOkResponse({ type: ContactDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', new ParseIdPipe('contact')) id: string): Promise<ContactDto> {
    return this.contacts.get(p.workspaceId, id, p.userId);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: "A contact's timeline: messages and events, newest first" })
  @ApiErrors(400)
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({
    name: 'kind',
    required: false,
    description: 'only these kinds, comma-separated (e.g. `message,contact.tagged`)',
  })
  @ApiQuery({
    name: 'channelId',
    required: false,
    description: 'only events on this channel (messages, channel events, conversation events)',
    schema: { type: 'string', format: 'uuid' },
  })
  @ApiOkResponse({ type: TimelinePageDto, description: 'newest first, keyset-paginated' })
  timeline(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('contact')) id: string,
    @Query() q: TimelineQueryDto,
  ): Promise<TimelinePageDto> {
    return this.contacts.timelineOf(p.workspaceId, id, q.cursor, q.limit ?? 50, {
      kinds: q.kind?.split(','),
      channelId: q.channelId?.toLowerCase(),
    });
  }
}
