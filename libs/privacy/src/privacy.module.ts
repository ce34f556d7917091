import { Module } from '@nestjs/common';
import { AuditModule } from '@scrm/audit';
import { InboxModule } from '@scrm/inbox';
import { TimelineModule } from '@scrm/timeline';
import { ContactErasureRepository } from './contact-erasure.repository';
import { ContactErasureService } from './contact-erasure.service';
import { ContactExportRepository } from './contact-export.repository';
import { ContactExportService } from './contact-export.service';
import { ContactPrivacyController } from './contact-privacy.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Privacy rights over contacts: export (access), erasure, and message retention. */
@Module({
  imports: [AuditModule, InboxModule, TimelineModule],
  controllers: [ContactPrivacyController],
  providers: [
    ContactExportRepository,
    ContactExportService,
    ContactErasureRepository,
    ContactErasureService,
    RetentionRepository,
    RetentionService,
  ],
  exports: [ContactExportService, ContactErasureService, RetentionService],
})
export class PrivacyModule {}
