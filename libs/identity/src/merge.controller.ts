import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  DecideSuggestionDto,
  MergeContactsDto,
  MergeDto,
  MergeSuggestionDto,
  MergeSuggestionListDto,
  UnmergeContactsDto,
  UnmergeResultDto,
} from './merge.dto';
import { MergeService } from './merge.service';

class SuggestionQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

/** Registered before ContactController so `merge-suggestions` is not taken for a contact id. */
@ApiTags('contacts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('contacts')
export class MergeController {
  constructor(private readonly merges: MergeService) {}

  @Get('merge-suggestions')
  @ApiOperation({ summary: 'Pending merge suggestions (fuzzy matches) with their evidence and confidence' })
  @ApiErrors(400)
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiOkResponse({ type: MergeSuggestionListDto })
  async suggestions(@CurrentPrincipal() p: Principal, @Query() q: SuggestionQueryDto): Promise<MergeSuggestionListDto> {
    return { items: await this.merges.suggest(p.workspaceId, q.limit ?? 50) };
  }

  @Post('merge-suggestions/:suggestionId/decision')
  @HttpCode(200)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Accept (merge the two contacts) or reject a merge suggestion' })
  @ApiErrors(400, 403, 404, 409)
  @ApiOkResponse({ type: MergeSuggestionDto })
  decide(
    @CurrentPrincipal() p: Principal,
    @Param('suggestionId', new ParseIdPipe('merge suggestion')) id: string,
    @Body() body: DecideSuggestionDto,
  ): Promise<MergeSuggestionDto> {
    return this.merges.decide(p.workspaceId, p.userId, id, body.decision, body.survivingContactId, body.fieldChoices);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Merge another contact into this one (reversible with unmerge)' })
  @ApiErrors(400, 403, 404, 409)
  @ApiOkResponse({ type: MergeDto })
  merge(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('contact')) id: string,
    @Body() body: MergeContactsDto,
  ): Promise<MergeDto> {
    return this.merges.merge(p.workspaceId, p.userId, id, body.otherContactId, body.fieldChoices);
  }

  @Post(':id/unmerge')
  @HttpCode(200)
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Undo a merge into this contact, restoring both contacts (routed by identity)' })
  @ApiErrors(400, 403, 404, 409)
  @ApiOkResponse({ type: UnmergeResultDto })
  unmerge(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('contact')) id: string,
    @Body() body: UnmergeContactsDto,
  ): Promise<UnmergeResultDto> {
    return this.merges.unmerge(p.workspaceId, p.userId, id, body.mergeId);
  }

  @Get(':id/merges')
  @ApiOperation({ summary: 'Merges this contact took part in, newest first' })
  @ApiErrors(404)
  @ApiOkResponse({ type: [MergeDto] })
  list(@CurrentPrincipal() p: Principal, @Param('id', new ParseIdPipe('contact')) id: string): Promise<MergeDto[]> {
    return this.merges.mergesOf(p.workspaceId, id);
  }
}
