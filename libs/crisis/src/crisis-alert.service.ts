import { Injectable } from '@nestjs/common';
import { AppException, decodeExactCursor, encodeExactCursor, isUuid, type Page } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import type { AlertView } from '@scrm/realtime';
import type { Principal } from '@scrm/auth';
import { CrisisAlertViews } from './crisis-alert-view.service';
import { CrisisAlertRepository } from './crisis-alert.repository';
import { CrisisNotifier } from './crisis-notifier.service';
import type { ListAlertsQuery } from './crisis.dto';

const STATUSES = ['open', 'acknowledged', 'resolved'];

/** Reading alerts and moving them through open → acknowledged → resolved. */
@Injectable()
export class CrisisAlertService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly alerts: CrisisAlertRepository,
    private readonly views: CrisisAlertViews,
    private readonly notifier: CrisisNotifier,
  ) {}

  async list(workspaceId: string, q: ListAlertsQuery): Promise<Page<AlertView>> {
    const limit = q.limit ?? 25;
    let statuses: string[] | undefined;
    if (q.status) {
      statuses = q.status.split(',').map((s) => s.trim());
      const bad = statuses.find((s) => !STATUSES.includes(s));
      if (bad !== undefined) throw AppException.invalid(`status must be among ${STATUSES.join(', ')} (got "${bad}")`);
    }
    const rows = await this.alerts.list(this.uow.manager, workspaceId, {
      statuses,
      topicKey: q.topic,
      before: decodeExactCursor(q.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.views.build(workspaceId, page),
      nextCursor: rows.length > limit && last ? encodeExactCursor({ at: last.created_key, id: last.id }) : null,
    };
  }

  async get(workspaceId: string, id: string): Promise<AlertView> {
    const [found] = isUuid(id) ? await this.views.byIds(workspaceId, [id]) : [];
    if (!found) throw AppException.notFound('alert');
    return found.view;
  }

  async transition(principal: Principal, id: string, to: 'acknowledged' | 'resolved'): Promise<AlertView> {
    const { workspaceId } = principal;
    const changed = await this.uow.run(async (tx) => {
      const row = await this.alerts.find(tx, workspaceId, id, true);
      if (!row) throw AppException.notFound('alert');
      if (row.status === to) return false;
      if (row.status === 'resolved') throw new AppException('CONFLICT', 'the alert is already resolved');
      await this.alerts.setStatus(tx, workspaceId, id, to, principal.userId);
      return true;
    });
    if (changed) await this.notifier.alertsChanged(workspaceId, [], [id]);
    return this.get(workspaceId, id);
  }
}
