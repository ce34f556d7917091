import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuthService } from '@scrm/auth';
import { ChannelService } from '@scrm/channels';
import { AppConfig } from '@scrm/config';
import { WorkspaceService } from '@scrm/workspace';

export interface SeedReport {
  email: string;
  /** Only when it was generated in this run; never shown again. */
  generatedPassword?: string;
  channel?: { inboundUrl?: string; secret?: string };
}

/**
 * The embedded default's first run: a demo workspace with a webhook channel and its first admin.
 * Runs only while there is no workspace at all, so it never touches a real installation's data.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  report: SeedReport | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly workspaces: WorkspaceService,
    private readonly auth: AuthService,
    private readonly channels: ChannelService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || !this.config.runsApi) return;
    const email = this.config.adminEmail;
    if ((await this.workspaces.count()) > 0) {
      this.report = { email };
      return;
    }
    const generated = this.config.adminPassword ? undefined : randomBytes(9).toString('base64url');
    const password = this.config.adminPassword ?? generated!;
    const userId = (await this.auth.findUserIdByEmail(email)) ?? (await this.auth.createUser(email, 'Admin', password));
    const ws = await this.workspaces.createWithOwner('Demo workspace', userId);
    const channel = await this.channels.create(ws.id, { type: 'webhook', name: 'Demo API channel', config: {} });
    this.report = {
      email,
      generatedPassword: generated,
      channel: { inboundUrl: channel.inboundUrl, secret: channel.secret },
    };
  }
}
