import { Module } from '@nestjs/common';
import { AuditModule } from '@scrm/audit';
import { TeamController } from './team.controller';
import { TeamRepository } from './team.repository';
import { TeamService } from './team.service';
import { WorkspaceSettingsController } from './workspace-settings.controller';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceRepository } from './workspace.repository';
import { WorkspaceService } from './workspace.service';

@Module({
  imports: [AuditModule],
  controllers: [WorkspaceController, WorkspaceSettingsController, TeamController],
  providers: [WorkspaceRepository, WorkspaceService, TeamRepository, TeamService],
  exports: [WorkspaceService, TeamService],
})
export class WorkspaceModule {}
