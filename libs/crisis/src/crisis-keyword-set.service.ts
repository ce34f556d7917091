import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { CrisisKeywordSetRepository, type KeywordSetRow } from './crisis-keyword-set.repository';
import type { CreateKeywordSetDto, KeywordSetDto, KeywordSetInput, KeywordSetListDto } from './crisis.dto';
import { keywordTopicKey, planTopics } from './crisis-topics';

function clean(keywords: string[]): string[] {
  const out = [...new Set(keywords.map((k) => k.trim()).filter((k) => k !== ''))];
  if (out.length === 0) throw AppException.invalid('keywords must hold at least one non-blank keyword');
  return out;
}

function toDto(r: KeywordSetRow): KeywordSetDto {
  return {
    id: r.id,
    name: r.name,
    purpose: r.purpose,
    keywords: r.keywords,
    topicKey: r.purpose === 'topic' ? keywordTopicKey(r.id) : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Saved keyword sets: topics to watch, and the workspace's own crisis words. */
@Injectable()
export class CrisisKeywordSetService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: CrisisKeywordSetRepository,
  ) {}

  async list(workspaceId: string): Promise<KeywordSetListDto> {
    const rows = await this.repo.list(this.uow.manager, workspaceId);
    return { items: rows.map(toDto), crisisWords: [...planTopics(rows).crisisWords] };
  }

  async get(workspaceId: string, id: string): Promise<KeywordSetDto> {
    const row = await this.repo.find(this.uow.manager, workspaceId, id);
    if (!row) throw AppException.notFound('keyword set');
    return toDto(row);
  }

  async create(workspaceId: string, dto: CreateKeywordSetDto): Promise<KeywordSetDto> {
    const id = await this.repo.create(this.uow.manager, workspaceId, {
      name: dto.name.trim(),
      purpose: dto.purpose,
      keywords: clean(dto.keywords),
    });
    if (!id) throw new AppException('CONFLICT', `a keyword set named "${dto.name}" already exists`);
    return this.get(workspaceId, id);
  }

  async update(workspaceId: string, id: string, dto: KeywordSetInput): Promise<KeywordSetDto> {
    await this.get(workspaceId, id);
    const ok = await this.repo.update(this.uow.manager, workspaceId, id, {
      name: dto.name.trim(),
      keywords: clean(dto.keywords),
    });
    if (!ok) throw new AppException('CONFLICT', `a keyword set named "${dto.name}" already exists`);
    return this.get(workspaceId, id);
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repo.remove(this.uow.manager, workspaceId, id))) throw AppException.notFound('keyword set');
  }
}
