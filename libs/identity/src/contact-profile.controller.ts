import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { ContactDto } from './contact.dto';
import { ContactService } from './contact.service';
import { ContactProfileService } from './contact-profile.service';
import { AddTagDto, SetAttributeValuesDto, TagDto, UpdateContactDto } from './profile.dto';

const contact = new ParseIdPipe('contact');

/** Changes to a contact's profile: lifecycle stage, attribute values and tags. */
@ApiTags('contacts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class ContactProfileController {
  constructor(
    private readonly profiles: ContactProfileService,
    private readonly contacts: ContactService,
  ) {}

  @Patch('contacts/:id')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Change the lifecycle stage (owner, admin, agent)' })
  @ApiOkResponse({ type: ContactDto })
  @ApiErrors(400, 403, 404, 409)
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', contact) id: string,
    @Body() body: UpdateContactDto,
  ): Promise<ContactDto> {
    if (body.lifecycleStage !== undefined) await this.profiles.setLifecycle(p, id, body.lifecycleStage);
    return this.contacts.get(p.workspaceId, id, p.userId);
  }

  @Patch('contacts/:id/attributes')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({
    summary: 'Set or clear custom attribute values (owner, admin, agent)',
    description: 'Each value is checked against its attribute’s type; a 400 names the attribute that is wrong.',
  })
  @ApiOkResponse({
    description: 'all the contact’s attribute values',
    schema: { type: 'object', additionalProperties: true, example: { plan: 'pro', seats: 12 } },
  })
  @ApiErrors(400, 403, 404, 409)
  setAttributes(
    @CurrentPrincipal() p: Principal,
    @Param('id', contact) id: string,
    @Body() body: SetAttributeValuesDto,
  ): Promise<Record<string, string | number>> {
    return this.profiles.setAttributes(p, id, body.values);
  }

  @Get('tags')
  @ApiOperation({ summary: 'The contact tags of the workspace' })
  @ApiOkResponse({ type: [TagDto] })
  tags(@CurrentPrincipal() p: Principal): Promise<TagDto[]> {
    return this.profiles.listTags(p.workspaceId);
  }

  @Post('contacts/:id/tags')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Tag a contact; a new name creates the tag (owner, admin, agent)' })
  @ApiCreatedResponse({ type: [TagDto], description: 'the contact’s tags' })
  @ApiErrors(400, 403, 404, 409)
  addTag(
    @CurrentPrincipal() p: Principal,
    @Param('id', contact) id: string,
    @Body() body: AddTagDto,
  ): Promise<TagDto[]> {
    return this.profiles.addTag(p, id, body.name);
  }

  @Delete('contacts/:id/tags/:tagId')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({ summary: 'Take a tag off a contact (owner, admin, agent)' })
  @ApiOkResponse({ type: [TagDto], description: 'the contact’s tags' })
  @ApiErrors(403, 404, 409)
  removeTag(
    @CurrentPrincipal() p: Principal,
    @Param('id', contact) id: string,
    @Param('tagId', new ParseIdPipe('tag')) tagId: string,
  ): Promise<TagDto[]> {
    return this.profiles.removeTag(p, id, tagId);
  }
}
