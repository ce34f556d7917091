import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { UnitOfWork, type AssignmentMode, type EntityManager } from '@scrm/database';
import { TimelineService, type NewTimelineEvent } from '@scrm/timeline';
import { AssignmentRepository } from './assignment.repository';
import { nextInTurn } from './round-robin';

export interface AssignmentPolicyView {
  channelId: string;
  mode: AssignmentMode;
  capacity: number;
}

/** An agent counts as online while their inbox heartbeat is this recent. */
export const ONLINE_WINDOW_SECONDS = 75;

/** Per-channel assignment policy, and round-robin auto-assignment of new and reopened conversations. */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: AssignmentRepository,
    private readonly timeline: TimelineService,
  ) {}

  async getPolicy(workspaceId: string, channelId: string): Promise<AssignmentPolicyView> {
    if (!(await this.repo.channelExists(this.uow.manager, workspaceId, channelId)))
      throw AppException.notFound('channel');
    const row = await this.repo.findPolicy(this.uow.manager, workspaceId, channelId);
    return { channelId, mode: row?.mode ?? 'manual', capacity: row?.capacity ?? 10 };
  }

  async setPolicy(
    workspaceId: string,
    channelId: string,
    mode: AssignmentMode,
    capacity: number,
  ): Promise<AssignmentPolicyView> {
    if (!(await this.repo.channelExists(this.uow.manager, workspaceId, channelId)))
      throw AppException.notFound('channel');
    const row = await this.repo.savePolicy(this.uow.manager, workspaceId, channelId, mode, capacity);
    return { channelId, mode: row.mode, capacity: row.capacity };
  }

  /**
   * Gives each unassigned open conversation among `conversationIds` on a round-robin channel to the
   * next online agent below capacity. Re-reads everything under row locks, so calling it twice, or for
   * conversations that need nothing, is harmless. Returns the ids that got an assignee. Runs in the
   * caller's transaction when one is given (the ingest batch that touched the conversations), else in
   * its own.
   */
  async autoAssign(workspaceId: string, conversationIds: string[], within?: EntityManager): Promise<string[]> {
    if (conversationIds.length === 0) return [];
    const work = async (tx: EntityManager): Promise<string[]> => {
      const pending = await this.repo.lockUnassigned(tx, workspaceId, conversationIds);
      const assigned: string[] = [];
      const events: NewTimelineEvent[] = [];
      for (const c of pending) {
        const policy = await this.repo.findPolicy(tx, workspaceId, c.channel_id, true);
        if (!policy || policy.mode !== 'round_robin') continue;
        const loads = await this.repo.onlineAgentLoads(tx, workspaceId, c.channel_id, ONLINE_WINDOW_SECONDS);
        const userId = nextInTurn(loads, policy.last_assigned_user_id, policy.capacity);
        if (!userId) continue;
        await this.repo.assign(tx, workspaceId, c.id, c.channel_id, userId);
        assigned.push(c.id);
        events.push({
          workspaceId,
          contactId: c.contact_id,
          conversationId: c.id,
          messageId: null,
          kind: 'conversation.assigned',
          actorUserId: null,
          data: { from: null, to: userId, auto: true },
          occurredAt: new Date(),
        });
      }
      await this.timeline.record(tx, events);
      return assigned;
    };
    return within ? work(within) : this.uow.run(work);
  }

  /** Heartbeat from the socket gateway: these members have an inbox open. */
  touchPresence(entries: { workspaceId: string; userId: string }[]): Promise<void> {
    return this.repo.touchPresence(this.uow.manager, entries);
  }

  markOffline(workspaceId: string, userId: string): Promise<void> {
    return this.repo.markOffline(this.uow.manager, workspaceId, userId);
  }
}
