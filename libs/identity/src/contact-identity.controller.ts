import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@scrm/auth';
import { ApiErrors, ParseIdPipe } from '@scrm/common';
import { AddContactIdentityDto, ContactIdentityResultDto } from './contact-identity.dto';
import { ContactIdentityService } from './contact-identity.service';

@ApiTags('contacts')
@ApiBearerAuth()
@ApiErrors(401, 403, 404)
@Controller('contacts')
export class ContactIdentityController {
  constructor(private readonly identities: ContactIdentityService) {}

  @Post(':id/identities')
  @Roles('owner', 'admin', 'agent')
  @ApiOperation({
    summary: 'Add an email address or phone number to a contact (agent+)',
    description:
      'A verified value another contact also holds verified merges the two automatically (reversible with ' +
      'un-merge, and not redone after it). Held by another contact without both being verified: 409 and a merge suggestion. ' +
      'A new value or a change of verified is on the contact timeline (contact.identity_added, contact.identity_verified).',
  })
  @ApiErrors(400, 409)
  @ApiCreatedResponse({ type: ContactIdentityResultDto })
  add(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('contact')) id: string,
    @Body() body: AddContactIdentityDto,
  ): Promise<ContactIdentityResultDto> {
    return this.identities.add(p.workspaceId, p.userId, id, body.type, body.value, body.verified ?? false);
  }

  @Delete(':id/identities/:identityId')
  @Roles('owner', 'admin', 'agent')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an email or phone identity from a contact (agent+)',
    description: 'On the contact timeline as contact.identity_removed.',
  })
  @ApiErrors(400)
  @ApiNoContentResponse({ description: 'removed' })
  remove(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseIdPipe('contact')) id: string,
    @Param('identityId', new ParseIdPipe('identity')) identityId: string,
  ): Promise<void> {
    return this.identities.remove(p.workspaceId, p.userId, id, identityId);
  }
}
