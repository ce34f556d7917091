import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { normalizeOptions, type AttributeShape } from './attribute-value';
import { ContactAttributeRepository, type AttributeRow } from './contact-attribute.repository';
import type { ContactAttributeDto, CreateContactAttributeDto, UpdateContactAttributeDto } from './profile.dto';

const toDto = (r: AttributeRow): ContactAttributeDto => ({
  id: r.id,
  key: r.key,
  label: r.label,
  type: r.type,
  options: r.options,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The workspace's custom contact attributes: typed definitions, at most 100 per workspace. */
@Injectable()
export class ContactAttributeService {
  constructor(
    private readonly repo: ContactAttributeRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async list(workspaceId: string): Promise<ContactAttributeDto[]> {
    return (await this.repo.list(this.uow.manager, workspaceId)).map(toDto);
  }

  /** The definitions as validation and segment filters need them. */
  async shapes(workspaceId: string): Promise<AttributeShape[]> {
    return this.repo.list(this.uow.manager, workspaceId);
  }

  async create(workspaceId: string, dto: CreateContactAttributeDto): Promise<ContactAttributeDto> {
    const options = normalizeOptions(dto.type, dto.options);
    return this.uow.run(async (tx) => {
      if ((await this.repo.list(tx, workspaceId)).length >= 100) {
        throw AppException.invalid('a workspace has at most 100 contact attributes');
      }
      const row = await this.repo.insert(tx, workspaceId, {
        key: dto.key,
        label: dto.label.trim(),
        type: dto.type,
        options,
      });
      if (!row) throw new AppException('CONFLICT', `an attribute with key "${dto.key}" already exists`);
      return toDto(row);
    });
  }

  async update(workspaceId: string, id: string, dto: UpdateContactAttributeDto): Promise<ContactAttributeDto> {
    return this.uow.run(async (tx) => {
      const current = await this.repo.find(tx, workspaceId, id);
      if (!current) throw AppException.notFound('contact attribute');
      const options = dto.options === undefined ? current.options : normalizeOptions(current.type, dto.options);
      const row = await this.repo.update(tx, workspaceId, id, { label: dto.label?.trim() ?? current.label, options });
      return toDto(row!);
    });
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    const key = await this.uow.run((tx) => this.repo.delete(tx, workspaceId, id));
    if (key === undefined) throw AppException.notFound('contact attribute');
  }
}
