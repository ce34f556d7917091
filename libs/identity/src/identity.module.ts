import { Module } from '@nestjs/common';
import { AuditModule } from '@scrm/audit';
import { TimelineModule } from '@scrm/timeline';
import { ContactController } from './contact.controller';
import { ContactService } from './contact.service';
import { IdentityRepository } from './identity.repository';
import { MergeController } from './merge.controller';
import { MergeSuggestionRepository } from './merge-suggestion.repository';
import { MergeRepository } from './merge.repository';
import { MergeService } from './merge.service';

@Module({
  imports: [TimelineModule, AuditModule],
  controllers: [MergeController, ContactController],
  providers: [IdentityRepository, ContactService, MergeRepository, MergeSuggestionRepository, MergeService],
  exports: [ContactService, MergeService],
})
export class IdentityModule {}
