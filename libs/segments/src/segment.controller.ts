import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import {
  CreateSegmentDto,
  SegmentContactPageDto,
  SegmentContactsQuery,
  SegmentDto,
  SegmentExportQuery,
  UpdateSegmentDto,
} from './segment.dto';
import { SegmentService } from './segment.service';

const id = new ParseIdPipe('segment');

@ApiTags('segments')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('segments')
export class SegmentController {
  constructor(private readonly segments: SegmentService) {}

  @Get()
  @ApiOperation({ summary: 'Saved segments of the workspace' })
  @ApiOkResponse({ type: [SegmentDto] })
  list(@CurrentPrincipal() p: Principal): Promise<SegmentDto[]> {
    return this.segments.list(p.workspaceId);
  }

  @Post()
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Save a segment: a named filter over contacts (owner, admin, agent)' })
  @ApiCreatedResponse({ type: SegmentDto })
  @ApiErrors(400, 403, 409)
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateSegmentDto): Promise<SegmentDto> {
    return this.segments.create(p.workspaceId, p.userId, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One segment' })
  @ApiOkResponse({ type: SegmentDto })
  @ApiErrors(404)
  get(@CurrentPrincipal() p: Principal, @Param('id', id) segmentId: string): Promise<SegmentDto> {
    return this.segments.get(p.workspaceId, segmentId);
  }

  @Patch(':id')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Rename a segment or change its filter (owner, admin, agent)' })
  @ApiOkResponse({ type: SegmentDto })
  @ApiErrors(400, 403, 404, 409)
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) segmentId: string,
    @Body() body: UpdateSegmentDto,
  ): Promise<SegmentDto> {
    return this.segments.update(p.workspaceId, segmentId, body);
  }

  @Delete(':id')
  @Roles('owner', 'admin', 'agent')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a segment (owner, admin, agent)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(403, 404)
  delete(@CurrentPrincipal() p: Principal, @Param('id', id) segmentId: string): Promise<void> {
    return this.segments.delete(p.workspaceId, segmentId);
  }

  @Get(':id/contacts')
  @ApiOperation({ summary: 'The contacts the segment matches now, newest first, keyset-paginated' })
  @ApiOkResponse({ type: SegmentContactPageDto })
  @ApiErrors(400, 404)
  contacts(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) segmentId: string,
    @Query() q: SegmentContactsQuery,
  ): Promise<SegmentContactPageDto> {
    return this.segments.contacts(p.workspaceId, segmentId, q.cursor, q.limit ?? 50);
  }

  @Get(':id/export')
  @Roles('owner', 'admin')
  @ApiOperation({
    summary: 'Download the segment’s contacts as CSV or JSON (owner, admin; recorded in the audit log)',
    description:
      'CSV cells starting with = + - @ or a tab are prefixed with a single quote so a spreadsheet never runs them.',
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: 'an attachment: one row (CSV) or object (JSON) per contact' })
  @ApiErrors(400, 403, 404)
  async export(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) segmentId: string,
    @Query() q: SegmentExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const file = await this.segments.export(p.workspaceId, p.userId, segmentId, q.format ?? 'csv');
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    return file.body;
  }
}
