import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@scrm/database';
import type { AlertView } from '@scrm/realtime';
import { CrisisAlertRepository, type AlertRow } from './crisis-alert.repository';
import { SAMPLE_COUNT, toAlertView } from './crisis-alert.mapper';
import { CrisisKeywordSetRepository } from './crisis-keyword-set.repository';
import { WORKSPACE_TOPIC } from './crisis-topics';

/** Builds alert views (topic name, sample messages, contacts) from stored rows. */
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
    const sets = await this.keywordSets.list(em, workspaceId);
    const names = new Map(sets.map((s) => [`keywords:${s.id}`, s.name]));
    names.set(WORKSPACE_TOPIC.key, WORKSPACE_TOPIC.name);
    const out: AlertView[] = [];
    for (const row of rows) {
      const samples = await this.alerts.samples(em, workspaceId, row.message_ids, SAMPLE_COUNT);
      const contacts = await this.alerts.contacts(em, workspaceId, row.contact_ids);
      out.push(toAlertView(row, names.get(row.topic_key) ?? row.topic_key, samples, contacts));
    }
    return out;
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
