import { Injectable } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { AppException, toCsv } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { ContactExportRepository, type ContactData, type ExportContactRow } from './contact-export.repository';
import type { ContactExportDto, ExportContactDto } from './privacy.dto';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const contactDto = (c: ExportContactRow): ExportContactDto => ({
  id: c.id,
  name: c.name,
  avatarUrl: c.avatar_url,
  lastSeenAt: iso(c.last_seen_at),
  mergedIntoId: c.merged_into_id,
  erasedAt: iso(c.erased_at),
  createdAt: c.created_at.toISOString(),
});

/** The right of access: everything held about one person, as JSON or as a spreadsheet-safe CSV. */
@Injectable()
export class ContactExportService {
  constructor(
    private readonly repo: ContactExportRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async export(
    workspaceId: string,
    userId: string,
    contactId: string,
    format: 'json' | 'csv',
  ): Promise<ContactExportDto> {
    const data = await this.uow.run((tx) => this.repo.read(tx, workspaceId, contactId));
    if (!data) throw AppException.notFound('contact');
    await this.audit.recordNow({
      workspaceId,
      actorUserId: userId,
      action: 'contact.exported',
      targetType: 'contact',
      targetId: contactId,
      data: {
        format,
        contactIds: data.contacts.map((c) => c.id),
        messages: data.messages.length,
        conversations: data.conversations.length,
      },
    });
    return toDto(contactId, data);
  }
}

export function toDto(contactId: string, d: ContactData): ContactExportDto {
  const root = d.contacts.find((c) => c.id === contactId)!;
  return {
    exportedAt: new Date().toISOString(),
    contactId,
    contact: contactDto(root),
    mergedContacts: d.contacts.filter((c) => c.id !== contactId).map(contactDto),
    identities: d.identities.map((i) => ({
      id: i.id,
      contactId: i.contact_id,
      channelType: i.channel_type,
      scopeKey: i.scope_key,
      platformUserId: i.platform_user_id,
      displayName: i.display_name,
      avatarUrl: i.avatar_url,
      createdAt: i.created_at.toISOString(),
    })),
    conversations: d.conversations.map((c) => ({
      id: c.id,
      channelId: c.channel_id,
      threadKey: c.thread_key,
      isGroup: c.is_group,
      subject: c.subject,
      status: c.status,
      createdAt: c.created_at.toISOString(),
      lastMessageAt: c.last_message_at.toISOString(),
    })),
    messages: d.messages.map((m) => ({
      id: m.id,
      conversationId: m.conversation_id,
      channelId: m.channel_id,
      direction: m.direction,
      authorUserId: m.author_user_id,
      text: m.text,
      attachments: m.attachments,
      sentAt: m.sent_at.toISOString(),
      deliveryStatus: m.delivery_status,
      sentimentLabel: m.sentiment_label,
      sentimentScore: m.sentiment_score,
      erasedAt: iso(m.erased_at),
    })),
    timeline: d.timeline.map((t) => ({
      id: t.id,
      kind: t.kind,
      occurredAt: t.occurred_at.toISOString(),
      conversationId: t.conversation_id,
      messageId: t.message_id,
      actorUserId: t.actor_user_id,
      data: t.data,
    })),
    notes: d.notes.map((n) => ({
      id: n.id,
      conversationId: n.conversation_id,
      authorUserId: n.author_user_id,
      text: n.text,
      createdAt: n.created_at.toISOString(),
    })),
    sentimentCorrections: d.corrections.map((c) => ({
      id: c.id,
      messageId: c.message_id,
      userId: c.user_id,
      oldLabel: c.old_label,
      newLabel: c.new_label,
      createdAt: c.created_at.toISOString(),
    })),
    merges: d.merges.map((m) => ({
      id: m.id,
      survivingContactId: m.surviving_contact_id,
      absorbedContactId: m.absorbed_contact_id,
      actorUserId: m.actor_user_id,
      fields: {
        survivingBefore: m.surviving_before,
        survivingAfter: m.surviving_after,
        absorbedBefore: m.absorbed_before,
      },
      createdAt: m.created_at.toISOString(),
      undoneAt: iso(m.undone_at),
    })),
  };
}

export const CSV_HEADER = ['record', 'id', 'time', 'conversation_id', 'kind', 'text', 'detail'];

/** A record's cells after `record` and `id`: time, conversation_id, kind, text, detail. */
type CsvCells = [time: string, conversationId: string | null, kind: string, text: string | null, detail: object];

/** One CSV row per item, each starting with the record type and the item's id. */
const section = <T extends { id: string }>(record: string, items: T[], cells: (item: T) => CsvCells): unknown[][] =>
  items.map((item) => [record, item.id, ...cells(item)]);

/**
 * One table for every kind of record, so the file opens as a single sheet: `record` says what a row
 * is, `text` holds the words (a name, a handle, a message, a note) and `detail` the rest as JSON.
 */
export function exportCsv(e: ContactExportDto): string {
  return toCsv(CSV_HEADER, [
    ...section('contact', [e.contact, ...e.mergedContacts], (c) => [
      c.createdAt,
      '',
      c.mergedIntoId ? 'merged' : '',
      c.name,
      { avatarUrl: c.avatarUrl, lastSeenAt: c.lastSeenAt, mergedIntoId: c.mergedIntoId, erasedAt: c.erasedAt },
    ]),
    ...section('identity', e.identities, (i) => [
      i.createdAt,
      '',
      i.channelType,
      i.platformUserId,
      { contactId: i.contactId, scopeKey: i.scopeKey, displayName: i.displayName, avatarUrl: i.avatarUrl },
    ]),
    ...section('conversation', e.conversations, (c) => [
      c.createdAt,
      c.id,
      c.status,
      c.subject,
      { channelId: c.channelId, threadKey: c.threadKey, isGroup: c.isGroup, lastMessageAt: c.lastMessageAt },
    ]),
    ...section('message', e.messages, (m) => [
      m.sentAt,
      m.conversationId,
      m.direction,
      m.text,
      {
        channelId: m.channelId,
        authorUserId: m.authorUserId,
        attachments: m.attachments,
        deliveryStatus: m.deliveryStatus,
        sentimentLabel: m.sentimentLabel,
        sentimentScore: m.sentimentScore,
        erasedAt: m.erasedAt,
      },
    ]),
    ...section('timeline_event', e.timeline, (t) => [
      t.occurredAt,
      t.conversationId,
      t.kind,
      '',
      { messageId: t.messageId, actorUserId: t.actorUserId, data: t.data },
    ]),
    ...section('note', e.notes, (n) => [n.createdAt, n.conversationId, '', n.text, { authorUserId: n.authorUserId }]),
    ...section('sentiment_correction', e.sentimentCorrections, (s) => [
      s.createdAt,
      '',
      s.newLabel,
      '',
      { messageId: s.messageId, userId: s.userId, oldLabel: s.oldLabel },
    ]),
    ...section('merge', e.merges, (m) => [
      m.createdAt,
      '',
      m.undoneAt ? 'undone' : 'merged',
      '',
      {
        survivingContactId: m.survivingContactId,
        absorbedContactId: m.absorbedContactId,
        actorUserId: m.actorUserId,
        undoneAt: m.undoneAt,
        fields: m.fields,
      },
    ]),
  ]);
}
