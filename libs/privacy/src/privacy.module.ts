import { Module } from '@nestjs/common';
import { AuditModule } from '@scrm/audit';
import { TimelineModule } from '@scrm/timeline';
import { ContactErasureRepository } from './contact-erasure.repository';
import { ContactErasureService } from './contact-erasure.service';
import { ContactExportRepository } from './contact-export.repository';
import { ContactExportService } from './contact-export.service';
import { ContactPrivacyController } from './contact-privacy.controller';

/** Privacy rights over contacts: export (access), erasure, and message retention. */
@Module({
  imports: [AuditModule, TimelineModule],
  controllers: [ContactPrivacyController],
  providers: [ContactExportRepository, ContactExportService, ContactErasureRepository, ContactErasureService],
  exports: [ContactExportService, ContactErasureService],
})
export class PrivacyModule {}
