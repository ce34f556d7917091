import { Controller, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, AppException, ParseIdPipe } from '@scrm/common';
import { AttachmentService } from './attachment.service';

@ApiTags('attachments')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('conversations')
export class ConversationAttachmentController {
  constructor(private readonly attachments: AttachmentService) {}

  @Post(':id/attachments')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({
    summary: 'Upload a file to send in a conversation (owner, admin, agent)',
    description:
      'The request body is the file itself, with its Content-Type (e.g. image/jpeg). Answers its id: pass it in ' +
      '`attachmentIds` of POST /conversations/{id}/messages. At most ATTACHMENT_MAX_BYTES.',
  })
  @ApiConsumes('application/octet-stream', 'image/jpeg', 'image/png')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'name', required: false, type: String, description: 'the file name, e.g. photo.jpg' })
  @ApiCreatedResponse({
    description: 'the stored file',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        url: { type: 'string' },
        size: { type: 'integer' },
        contentType: { type: 'string' },
      },
    },
  })
  @ApiErrors(400, 403, 404, 413)
  upload(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('conversation')) conversationId: string,
    @Query('name') name: string | undefined,
    @Req() req: Request,
  ): Promise<{ id: string; url: string; size: number; contentType: string }> {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw AppException.invalid('the request body (the file) is empty');
    if (name !== undefined && (typeof name !== 'string' || name.length > 200)) {
      throw AppException.invalid('name must be a file name of at most 200 characters');
    }
    return this.attachments.upload(p.workspaceId, conversationId, req.body, req.headers['content-type'], name);
  }
}
