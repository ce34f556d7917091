import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@scrm/auth';
import { LivenessDto, ReadinessDto } from './health.dto';
import { HealthService } from './health.service';

/** Probes for orchestrators, outside /api/v1 and without authentication. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers, no migration is pending, Redis (when configured) answers',
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'ready to take traffic' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'a dependency is not ready; `checks` says which' })
  async ready(@Res() res: Response): Promise<void> {
    const r = await this.health.readiness();
    const body: ReadinessDto = { status: r.ready ? 'ready' : 'not-ready', checks: r.checks };
    res.status(r.ready ? 200 : 503).json(body);
  }
}
