import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { AttachmentService } from './attachment.service';

@ApiTags('attachments')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('attachments')
export class AttachmentController {
  constructor(private readonly attachments: AttachmentService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A stored attachment of a message in your workspace (the bytes, as received)' })
  @ApiErrors(404)
  @ApiOkResponse({ description: 'the file', content: { 'application/octet-stream': {} } })
  async get(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('attachment')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const a = await this.attachments.get(p.workspaceId, id);
    res.setHeader('content-type', a.content_type);
    res.setHeader('content-length', String(a.data.length));
    // Served as a download so a hostile file never renders as a page of the app.
    res.setHeader('content-disposition', 'attachment');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'private, max-age=3600');
    res.end(a.data);
  }
}
