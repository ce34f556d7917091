import { Module } from '@nestjs/common';
import { AuditModule } from '@scrm/audit';
import { TimelineModule } from '@scrm/timeline';
import { ContactAttributeController } from './contact-attribute.controller';
import { ContactAttributeRepository } from './contact-attribute.repository';
import { ContactAttributeService } from './contact-attribute.service';
import { ContactController } from './contact.controller';
import { ContactIdentityController } from './contact-identity.controller';
import { ContactIdentityService } from './contact-identity.service';
import { ContactProfileController } from './contact-profile.controller';
import { ContactProfileRepository } from './contact-profile.repository';
import { ContactProfileService } from './contact-profile.service';
import { ContactService } from './contact.service';
import { IdentityRepository } from './identity.repository';
import { MergeController } from './merge.controller';
import { MergeSuggestionRepository } from './merge-suggestion.repository';
import { MergeRepository } from './merge.repository';
import { MergeService } from './merge.service';
import { TagRepository } from './tag.repository';

@Module({
  imports: [TimelineModule, AuditModule],
  controllers: [
    MergeController,
    ContactController,
    ContactIdentityController,
    ContactProfileController,
    ContactAttributeController,
  ],
  providers: [
    IdentityRepository,
    ContactService,
    ContactIdentityService,
    MergeRepository,
    MergeSuggestionRepository,
    MergeService,
    ContactAttributeRepository,
    ContactAttributeService,
    ContactProfileRepository,
    ContactProfileService,
    TagRepository,
  ],
  exports: [ContactService, MergeService, ContactAttributeService],
})
export class IdentityModule {}
