import { Injectable } from '@nestjs/common';
import {
  AppException,
  decodeCursor,
  decodeExactCursor,
  encodeCursor,
  encodeExactCursor,
  type ExactKeysetPosition,
} from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import type { ContactHitDto, MessageHitDto, SearchQueryDto, SearchResultDto } from './search.dto';
import { SearchRepository, type MessageSearchFilters } from './search.repository';
import { makeSnippet, parseSearchQuery } from './search-text';

const MESSAGE_ONLY_FILTERS = ['channelId', 'from', 'to', 'sentiment', 'contactId'] as const;

/** Workspace-scoped search over messages (full text, Chinese and English) and contacts. */
@Injectable()
export class SearchService {
  constructor(
    private readonly repo: SearchRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async search(workspaceId: string, query: SearchQueryDto): Promise<SearchResultDto> {
    const type = query.type ?? 'messages';
    const limit = query.limit ?? 20;
    if (type === 'contacts') {
      const misplaced = MESSAGE_ONLY_FILTERS.filter((f) => query[f] !== undefined);
      if (misplaced.length > 0) throw AppException.invalid(`${misplaced.join(', ')} only apply to type=messages`);
      // Contacts are ordered by created_at, filled by now(): the cursor keeps it to the microsecond, or
      // contacts created in the same millisecond (one ingest batch) would be skipped.
      return this.contacts(workspaceId, query.q, decodeExactCursor(query.cursor), limit);
    }
    const before = decodeCursor(query.cursor);
    const parsed = parseSearchQuery(query.q);
    if (!parsed) throw AppException.invalid('q has no letters, digits or CJK characters to search for');
    const filters: MessageSearchFilters = {
      channelId: query.channelId,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      sentiment: query.sentiment,
      contactId: query.contactId,
    };
    if (filters.from && filters.to && filters.from >= filters.to) throw AppException.invalid('from must be before to');
    const rows = await this.repo.messages(this.uow.manager, workspaceId, parsed.tsquery, filters, before, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      type,
      order: 'newest',
      messages: page.map((r): MessageHitDto => ({
        id: r.id,
        conversationId: r.conversation_id,
        channelId: r.channel_id,
        contactId: r.contact_id,
        direction: r.direction,
        sentAt: r.sent_at.toISOString(),
        sentiment: r.sentiment_label,
        ...makeSnippet(r.text, parsed.terms),
      })),
      contacts: [],
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.sent_at, id: last.id }) : null,
    };
  }

  private async contacts(
    workspaceId: string,
    q: string,
    before: ExactKeysetPosition | undefined,
    limit: number,
  ): Promise<SearchResultDto> {
    const rows = await this.repo.contacts(this.uow.manager, workspaceId, q, before, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const needle = q.toLowerCase();
    return {
      type: 'contacts',
      order: 'newest',
      messages: [],
      contacts: page.map((r): ContactHitDto => {
        const shown = r.name?.toLowerCase().includes(needle) ? r.name : (r.matched[0] ?? r.name ?? '');
        return {
          id: r.id,
          name: r.name,
          avatarUrl: r.avatar_url,
          lastSeenAt: r.last_seen_at?.toISOString() ?? null,
          createdAt: r.created_at.toISOString(),
          ...makeSnippet(shown, [needle]),
        };
      }),
      nextCursor: rows.length > limit && last ? encodeExactCursor({ at: last.at_key, id: last.id }) : null,
    };
  }
}
