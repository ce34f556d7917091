import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { ContactErasureService } from './contact-erasure.service';
import { ContactExportService, exportCsv } from './contact-export.service';
import { ContactExportDto, ErasureResultDto, ExportQueryDto } from './privacy.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@ApiErrors(401, 403, 404)
@Controller('contacts')
export class ContactPrivacyController {
  constructor(
    private readonly exports: ContactExportService,
    private readonly erasure: ContactErasureService,
  ) {}

  @Get(':id/export')
  @Roles('owner', 'admin')
  @ApiOperation({
    summary: 'Everything held about one contact, as JSON or a spreadsheet-safe CSV (owners and admins; audited)',
  })
  @ApiErrors(400)
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: 'default json' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ContactExportDto, description: 'JSON, or with format=csv one CSV table of every record' })
  async export(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('contact')) id: string,
    @Query() q: ExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactExportDto | string> {
    const format = q.format ?? 'json';
    const data = await this.exports.export(p.workspaceId, p.userId, id, format);
    res.setHeader('content-disposition', `attachment; filename="contact-${id}.${format}"`);
    res.setHeader('cache-control', 'no-store');
    if (format === 'json') return data;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    return exportCsv(data);
  }

  @Post(':id/erase')
  @HttpCode(200)
  @Roles('owner', 'admin')
  @ApiOperation({
    summary:
      "Erase a contact's personal data everywhere it is held, irreversibly; counts stay (owners and admins; audited)",
  })
  @ApiErrors(409)
  @ApiBody({ required: false, description: 'no body needed', schema: { type: 'object', example: {} } })
  @ApiOkResponse({ type: ErasureResultDto })
  erase(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('contact')) id: string,
  ): Promise<ErasureResultDto> {
    return this.erasure.erase(p.workspaceId, p.userId, id);
  }
}
