import { Module } from '@nestjs/common';
import { TimelineModule } from '@scrm/timeline';
import { ContactController } from './contact.controller';
import { ContactService } from './contact.service';
import { IdentityRepository } from './identity.repository';

@Module({
  imports: [TimelineModule],
  controllers: [ContactController],
  providers: [IdentityRepository, ContactService],
  exports: [ContactService],
})
export class IdentityModule {}
