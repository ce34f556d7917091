import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { ContactAttributeService } from './contact-attribute.service';
import { ContactAttributeDto, CreateContactAttributeDto, UpdateContactAttributeDto } from './profile.dto';

const id = new ParseIdPipe('contact attribute');

@ApiTags('contacts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('contact-attributes')
export class ContactAttributeController {
  constructor(private readonly attributes: ContactAttributeService) {}

  @Get()
  @ApiOperation({ summary: 'The custom contact attributes of the workspace' })
  @ApiOkResponse({ type: [ContactAttributeDto] })
  list(@CurrentPrincipal() p: Principal): Promise<ContactAttributeDto[]> {
    return this.attributes.list(p.workspaceId);
  }

  @Post()
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Define a contact attribute: text, number, date or choice (owner, admin)' })
  @ApiCreatedResponse({ type: ContactAttributeDto })
  @ApiErrors(400, 403, 409)
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateContactAttributeDto): Promise<ContactAttributeDto> {
    return this.attributes.create(p.workspaceId, body);
  }

  @Patch(':id')
  @Roles('owner', 'admin')
  @ApiOperation({ summary: 'Rename an attribute or change a choice attribute’s options (owner, admin)' })
  @ApiOkResponse({ type: ContactAttributeDto })
  @ApiErrors(400, 403, 404)
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', id) attributeId: string,
    @Body() body: UpdateContactAttributeDto,
  ): Promise<ContactAttributeDto> {
    return this.attributes.update(p.workspaceId, attributeId, body);
  }

  @Delete(':id')
  @Roles('owner', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an attribute and its value on every contact (owner, admin)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(403, 404)
  delete(@CurrentPrincipal() p: Principal, @Param('id', id) attributeId: string): Promise<void> {
    return this.attributes.delete(p.workspaceId, attributeId);
  }
}
