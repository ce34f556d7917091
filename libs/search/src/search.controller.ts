import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@scrm/auth';
import { ApiErrors } from '@scrm/common';
import { SearchQueryDto, SearchResultDto } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@ApiErrors(400, 401)
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOperation({
    summary: 'Search messages (full text, Chinese and English) or contacts in the current workspace',
    description:
      'Results are ordered newest first and keyset-paginated. All words must match; "double quotes" ' +
      'match a phrase. The channel, time, sentiment and contact filters apply to messages only.',
  })
  @ApiOkResponse({ type: SearchResultDto })
  find(@CurrentPrincipal() p: Principal, @Query() q: SearchQueryDto): Promise<SearchResultDto> {
    return this.search.search(p.workspaceId, q);
  }
}
