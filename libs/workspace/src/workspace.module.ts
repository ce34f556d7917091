import { Module } from '@nestjs/common';
import { TeamController } from './team.controller';
import { TeamRepository } from './team.repository';
import { TeamService } from './team.service';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceRepository } from './workspace.repository';
import { WorkspaceService } from './workspace.service';

@Module({
  controllers: [WorkspaceController, TeamController],
  providers: [WorkspaceRepository, WorkspaceService, TeamRepository, TeamService],
  exports: [WorkspaceService, TeamService],
})
export class WorkspaceModule {}
