import { Injectable } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { AppException, decodeExactCursor, encodeExactCursor, toCsv, type Page } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { ContactAttributeService } from '@scrm/identity';
import type { CreateSegmentDto, SegmentContactDto, SegmentDto, UpdateSegmentDto } from './segment.dto';
import { compileSegmentFilter, filterReferences, parseSegmentFilter, type SegmentFilter } from './segment-filter';
import { SegmentRepository, type MemberRow, type SegmentRow } from './segment.repository';

/** Appends its values to `params` and returns a SQL predicate over the contact row `ct`. */
export type ContactPredicate = (params: unknown[]) => string;

export interface SegmentExport {
  fileName: string;
  contentType: string;
  body: string;
}

/** Exports stop here; a larger audience is better served by narrower segments. */
export const EXPORT_MAX_CONTACTS = 100_000;
const EXPORT_BATCH = 1000;

const toDto = (r: SegmentRow): SegmentDto => ({
  id: r.id,
  name: r.name,
  filter: r.filter as unknown as Record<string, unknown>,
  createdByUserId: r.created_by_user_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const memberDto = (r: MemberRow): SegmentContactDto => ({
  id: r.id,
  name: r.name,
  lifecycleStage: r.lifecycle_stage,
  tags: r.tags ?? [],
  attributes: r.attributes,
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

/** Saved segments: filters over contacts, listed, exported, and used to filter the inbox. */
@Injectable()
export class SegmentService {
  constructor(
    private readonly repo: SegmentRepository,
    private readonly uow: UnitOfWork,
    private readonly attributes: ContactAttributeService,
    private readonly audit: AuditService,
  ) {}

  async list(workspaceId: string): Promise<SegmentDto[]> {
    return (await this.repo.list(this.uow.manager, workspaceId)).map(toDto);
  }

  async get(workspaceId: string, id: string): Promise<SegmentDto> {
    return toDto(await this.find(this.uow.manager, workspaceId, id));
  }

  async create(workspaceId: string, userId: string, dto: CreateSegmentDto): Promise<SegmentDto> {
    const filter = await this.checkFilter(workspaceId, dto.filter);
    const name = dto.name.trim();
    const row = await this.repo.insert(this.uow.manager, workspaceId, { name, filter, userId });
    if (!row) throw new AppException('CONFLICT', `a segment named "${name}" already exists`);
    return toDto(row);
  }

  async update(workspaceId: string, id: string, dto: UpdateSegmentDto): Promise<SegmentDto> {
    const filter = dto.filter === undefined ? undefined : await this.checkFilter(workspaceId, dto.filter);
    return this.uow.run(async (tx) => {
      const current = await this.find(tx, workspaceId, id);
      const name = dto.name?.trim() ?? current.name;
      if (await this.repo.nameTaken(tx, workspaceId, name, id)) {
        throw new AppException('CONFLICT', `a segment named "${name}" already exists`);
      }
      return toDto((await this.repo.update(tx, workspaceId, id, { name, filter: filter ?? current.filter }))!);
    });
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repo.delete(this.uow.manager, workspaceId, id))) throw AppException.notFound('segment');
  }

  async contacts(
    workspaceId: string,
    id: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<SegmentContactDto>> {
    const after = decodeExactCursor(cursor);
    const segment = await this.find(this.uow.manager, workspaceId, id);
    const rows = await this.repo.members(this.uow.manager, workspaceId, segment.filter, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(memberDto),
      nextCursor: rows.length > limit && last ? encodeExactCursor({ at: last.created_key, id: last.id }) : null,
    };
  }

  /** The whole segment as CSV (spreadsheet-safe) or JSON; recorded in the audit log. */
  async export(workspaceId: string, userId: string, id: string, format: 'csv' | 'json'): Promise<SegmentExport> {
    const em = this.uow.manager;
    const segment = await this.find(em, workspaceId, id);
    const keys = (await this.attributes.shapes(workspaceId)).map((a) => a.key);
    const members: SegmentContactDto[] = [];
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const batch = await this.repo.members(em, workspaceId, segment.filter, after, EXPORT_BATCH);
      members.push(...batch.map(memberDto));
      const last = batch[batch.length - 1];
      if (batch.length < EXPORT_BATCH || !last) break;
      if (members.length >= EXPORT_MAX_CONTACTS) {
        throw AppException.invalid(`the segment has more than ${EXPORT_MAX_CONTACTS} contacts; narrow it to export`);
      }
      after = { at: last.created_key, id: last.id };
    }
    await this.audit.recordNow({
      workspaceId,
      actorUserId: userId,
      action: 'segment.exported',
      targetType: 'segment',
      targetId: id,
      data: { format, contacts: members.length },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'json') {
      return {
        fileName: `segment-${id}-${stamp}.json`,
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ segment: toDto(segment), contacts: members }),
      };
    }
    const header = ['id', 'name', 'lifecycle_stage', 'tags', 'last_seen_at', 'created_at', ...keys];
    const rows = members.map((m) => [
      m.id,
      m.name,
      m.lifecycleStage,
      m.tags,
      m.lastSeenAt,
      m.createdAt,
      ...keys.map((k) => m.attributes[k]),
    ]);
    return {
      fileName: `segment-${id}-${stamp}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: toCsv(header, rows),
    };
  }

  /** The segment as a filter on contacts, for the inbox; 404 for a segment not in the workspace. */
  async contactPredicate(workspaceId: string, id: string): Promise<ContactPredicate> {
    const segment = await this.find(this.uow.manager, workspaceId, id);
    return (params) => compileSegmentFilter(segment.filter, params, 'ct');
  }

  private async find(em: EntityManager, workspaceId: string, id: string): Promise<SegmentRow> {
    const row = await this.repo.find(em, workspaceId, id);
    if (!row) throw AppException.notFound('segment');
    return row;
  }

  private async checkFilter(workspaceId: string, input: Record<string, unknown>): Promise<SegmentFilter> {
    const filter = parseSegmentFilter(input, await this.attributes.shapes(workspaceId));
    const refs = filterReferences(filter);
    const found = await this.repo.countReferences(this.uow.manager, workspaceId, refs.tagIds, refs.channelIds);
    if (found.tags !== refs.tagIds.length)
      throw AppException.invalid('filter names a tag that does not exist in this workspace');
    if (found.channels !== refs.channelIds.length) {
      throw AppException.invalid('filter names a channel that does not exist in this workspace');
    }
    return filter;
  }
}
