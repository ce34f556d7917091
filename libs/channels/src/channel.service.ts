import { Injectable } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { AppException } from '@scrm/common';
import { createHash } from 'node:crypto';
import {
  ConnectorError,
  type ChannelConnector,
  type ChannelContext,
  type ChannelStatusReport,
} from '@scrm/connector-sdk';
import type { ChannelEntity } from '@scrm/database';
import { ChannelRepository } from './channel.repository';
import { ChannelCache } from './channel-cache';
import { ChannelStore } from './channel-store';
import { ConnectorStateRepository } from './connector-state.repository';
import type { ChannelDto, CreatedChannelDto, CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ConnectorRegistry } from './connector-registry';
import { SecretBox } from './secret-box';

export interface ResolvedChannel {
  context: ChannelContext;
  type: string;
  connector: ChannelConnector;
}

export interface SessionChannel extends ResolvedChannel {
  /** Changes whenever the channel's config or secrets change: a running session must restart. */
  fingerprint: string;
}

/** What admins see of a channel's connection; pushed live as `channel.updated`. */
export interface ChannelStatusView {
  id: string;
  type: string;
  status: string;
  statusDetail: string | null;
  statusUntil: string | null;
  lastError: string | null;
}

/** Statuses that mean the channel is not working as configured: their detail is also the last error. */
const ERROR_STATUSES = new Set(['logged_out', 'rate_limited', 'auth_revoked', 'degraded', 'error']);

@Injectable()
export class ChannelService {
  private readonly box: SecretBox;

  constructor(
    private readonly repo: ChannelRepository,
    private readonly registry: ConnectorRegistry,
    private readonly config: AppConfig,
    private readonly state: ConnectorStateRepository,
    // Inbound pushes look their channel up on every request; a short cache keeps that off the database.
    // It holds the lookup itself, so the requests arriving while an expired entry is re-read share one
    // query and one decryption.
    private readonly cache: ChannelCache<Promise<ResolvedChannel | null>>,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async create(workspaceId: string, dto: CreateChannelDto): Promise<CreatedChannelDto> {
    const connector = this.registry.get(dto.type);
    const prepared = this.prepare(connector, dto.config ?? {});
    const row = await this.repo.create({
      workspaceId,
      type: connector.type,
      name: dto.name,
      config: prepared.config,
      secretsEncrypted: this.box.seal(prepared.secrets),
    });
    return { ...this.toDto(row, Object.keys(prepared.secrets)), ...(prepared.reveal ?? {}) };
  }

  async list(workspaceId: string): Promise<ChannelDto[]> {
    const rows = await this.repo.list(workspaceId);
    return rows.map((r) => this.toDto(r, Object.keys(this.box.open(r.secretsEncrypted))));
  }

  async get(workspaceId: string, channelId: string): Promise<ChannelDto> {
    const row = await this.findOrThrow(workspaceId, channelId);
    return this.toDto(row, Object.keys(this.box.open(row.secretsEncrypted)));
  }

  async update(workspaceId: string, channelId: string, dto: UpdateChannelDto): Promise<ChannelDto> {
    const row = await this.findOrThrow(workspaceId, channelId);
    const patch: Parameters<ChannelRepository['update']>[2] = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.config !== undefined) {
      const connector = this.registry.get(row.type);
      const prepared = this.prepare(connector, dto.config, {
        config: row.config,
        secrets: this.box.open(row.secretsEncrypted),
      });
      patch.config = prepared.config;
      patch.secretsEncrypted = this.box.seal(prepared.secrets);
    }
    await this.repo.update(workspaceId, channelId, patch);
    await this.cache.invalidate(channelId);
    return this.get(workspaceId, channelId);
  }

  async remove(workspaceId: string, channelId: string): Promise<void> {
    if (!(await this.repo.softDelete(workspaceId, channelId))) throw AppException.notFound('channel');
    await this.cache.invalidate(channelId);
  }

  /** The channel an inbound push names, with its decrypted secrets; null when unknown or deleted. */
  resolveForInbound(channelId: string): Promise<ResolvedChannel | null> {
    const hit = this.cache.get(channelId);
    if (hit !== undefined) return hit;
    const value = this.repo.findForInbound(channelId).then((row) => (row ? this.resolve(row) : null));
    this.cache.set(channelId, value);
    value.catch(() => this.cache.forget(channelId, value));
    return value;
  }

  /** A workspace's channel with decrypted secrets, for sending. */
  async resolve(workspaceId: string, channelId: string): Promise<ResolvedChannel | null>;
  resolve(row: ChannelEntity): ResolvedChannel;
  resolve(a: string | ChannelEntity, channelId?: string): Promise<ResolvedChannel | null> | ResolvedChannel {
    if (typeof a === 'string') {
      return this.repo.find(a, channelId!).then((row) => (row ? this.resolve(row) : null));
    }
    return {
      type: a.type,
      connector: this.registry.get(a.type),
      context: {
        channelId: a.id,
        workspaceId: a.workspaceId,
        config: a.config,
        secrets: this.box.open(a.secretsEncrypted),
        store: new ChannelStore(this.state, a.workspaceId, a.id),
      },
    };
  }

  connectorTypes(): string[] {
    return this.registry.types;
  }

  connectorOf(type: string): ChannelConnector {
    return this.registry.get(type);
  }

  /** Every live channel whose connector runs sessions, with decrypted secrets and a config fingerprint. */
  async listForSessions(types: string[]): Promise<SessionChannel[]> {
    const rows = await this.repo.listActiveOfTypes(types);
    return rows.map((row) => ({
      ...this.resolve(row),
      fingerprint: createHash('sha256')
        .update(JSON.stringify(row.config))
        .update('\u0000')
        .update(row.secretsEncrypted ?? '')
        .digest('hex'),
    }));
  }

  /** Records what a live session reports; the last error keeps its value once the channel recovers. */
  async recordSessionStatus(
    workspaceId: string,
    channelId: string,
    report: ChannelStatusReport,
  ): Promise<ChannelStatusView | null> {
    const detail = report.detail ?? null;
    await this.repo.update(workspaceId, channelId, {
      status: report.status,
      statusDetail: detail,
      statusUntil: report.status === 'rate_limited' ? (report.until ?? null) : null,
      ...(ERROR_STATUSES.has(report.status) ? { lastError: detail ?? report.status } : {}),
    });
    await this.cache.invalidate(channelId);
    const row = await this.repo.find(workspaceId, channelId);
    if (!row) return null;
    return {
      id: row.id,
      type: row.type,
      status: row.status,
      statusDetail: row.statusDetail,
      statusUntil: row.statusUntil?.toISOString() ?? null,
      lastError: row.lastError,
    };
  }

  async recordStatus(workspaceId: string, channelId: string, status: string, lastError: string | null): Promise<void> {
    await this.repo.update(workspaceId, channelId, { status, lastError });
  }

  private prepare(
    connector: ChannelConnector,
    input: Record<string, unknown>,
    existing?: { config: Record<string, unknown>; secrets: Record<string, string> },
  ) {
    try {
      return connector.prepareConfig(input, existing);
    } catch (err) {
      if (err instanceof ConnectorError) throw AppException.invalid(err.message);
      throw err;
    }
  }

  private async findOrThrow(workspaceId: string, channelId: string): Promise<ChannelEntity> {
    const row = await this.repo.find(workspaceId, channelId);
    if (!row) throw AppException.notFound('channel');
    return row;
  }

  private toDto(row: ChannelEntity, secretNames: string[]): ChannelDto {
    const connector = this.registry.get(row.type);
    return {
      id: row.id,
      type: row.type,
      name: row.name,
      config: row.config,
      status: row.status,
      statusDetail: row.statusDetail,
      statusUntil: row.statusUntil?.toISOString() ?? null,
      lastError: row.lastError,
      inboundUrl: connector.hasInboundUrl ? `${this.config.publicUrl}/api/v1/inbound/${row.id}` : undefined,
      secretNames,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
