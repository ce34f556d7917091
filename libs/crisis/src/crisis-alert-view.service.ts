import { Injectable } from '@nestjs/common';
import { isUuid } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import type { AlertView } from '@scrm/realtime';
import { CrisisAlertRepository, type AlertRow } from './crisis-alert.repository';
import { SAMPLE_COUNT, toAlertView } from './crisis-alert.mapper';
import { CrisisKeywordSetRepository } from './crisis-keyword-set.repository';
import { listeningChannelOf, listeningQueriesOf, topicDisplayName, type TopicNameSources } from './crisis-topics';

/** Builds alert views (topic name, sample messages and listening hits, contacts) from stored rows. */
@Injectable()
export class CrisisAlertViews {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly alerts: CrisisAlertRepository,
    private readonly keywordSets: CrisisKeywordSetRepository,
  ) {}

  async build(workspaceId: string, rows: AlertRow[]): Promise<AlertView[]> {
    if (rows.length === 0) return [];
    const em = this.uow.manager;
    const names = await this.nameSources(
      em,
      workspaceId,
      rows.map((r) => r.topic_key),
    );
    // The contacts of the whole page in one read; each alert then takes its own.
    const contactIds = [...new Set(rows.flatMap((r) => r.contact_ids))];
    const contacts = new Map((await this.alerts.contacts(em, workspaceId, contactIds)).map((c) => [c.id, c]));
    // The samples of the whole page in two reads (messages, listening hits), each alert's own best.
    const messages = await this.alerts.samplesOfEach(
      em,
      workspaceId,
      rows.map((r) => r.message_ids),
      SAMPLE_COUNT,
    );
    const hits = await this.alerts.hitSamplesOfEach(
      em,
      workspaceId,
      rows.map((r) => r.event_ids),
      SAMPLE_COUNT,
    );
    return rows.map((row, i) => {
      const mine = row.contact_ids.map((id) => contacts.get(id)).filter((c) => c !== undefined);
      const samples = [...messages[i]!, ...hits[i]!];
      return toAlertView(row, topicDisplayName(row.topic_key, names, row.topic_name), samples, mine);
    });
  }

  /** What the readable names of these topic keys are built from, read once for a page of alerts. */
  async nameSources(em: EntityManager, workspaceId: string, topicKeys: string[]): Promise<TopicNameSources> {
    const sets = await this.keywordSets.list(em, workspaceId);
    const channelIds = [
      ...new Set(topicKeys.map(listeningChannelOf).filter((id): id is string => id !== undefined && isUuid(id))),
    ];
    const channels = await this.alerts.channelNames(em, workspaceId, channelIds);
    return {
      keywordSets: new Map(sets.map((s) => [s.id, s.name])),
      channels: new Map(channels.map((c) => [c.id, { name: c.name, queries: listeningQueriesOf(c.queries) }])),
    };
  }

  async byIds(workspaceId: string, ids: string[]): Promise<{ row: AlertRow; view: AlertView }[]> {
    const rows: AlertRow[] = [];
    for (const id of ids) {
      const row = await this.alerts.find(this.uow.manager, workspaceId, id);
      if (row) rows.push(row);
    }
    const views = await this.build(workspaceId, rows);
    return rows.map((row, i) => ({ row, view: views[i]! }));
  }
}
