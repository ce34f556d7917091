import { Module } from '@nestjs/common';
import { AuditModule } from '@scrm/audit';
import { IdentityModule } from '@scrm/identity';
import { SegmentController } from './segment.controller';
import { SegmentRepository } from './segment.repository';
import { SegmentService } from './segment.service';

@Module({
  imports: [IdentityModule, AuditModule],
  controllers: [SegmentController],
  providers: [SegmentRepository, SegmentService],
  exports: [SegmentService],
})
export class SegmentsModule {}
