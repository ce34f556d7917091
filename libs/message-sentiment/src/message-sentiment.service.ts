import { Injectable, Logger } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { InboxPublisher } from '@scrm/inbox';
import { JobName, QueueService } from '@scrm/queue';
import type { Principal } from '@scrm/auth';
import type { SentimentCorrectionDto } from './message-sentiment.dto';
import { MessageSentimentScorer } from './message-sentiment-scorer';
import { SentimentCorrectionRepository } from './sentiment-correction.repository';

const RESCORE_PAGE = 2000;
/** The score an agent's label stands for: fully polar, or zero for neutral. */
const LABEL_SCORE: Record<string, number> = { positive: 1, negative: -1, neutral: 0 };

/** Agents' corrections of message sentiment, their export for retraining, and re-scoring after a model change. */
@Injectable()
export class MessageSentimentService {
  private readonly logger = new Logger('Sentiment');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: SentimentCorrectionRepository,
    private readonly scorer: MessageSentimentScorer,
    private readonly publisher: InboxPublisher,
    private readonly queue: QueueService,
  ) {}

  async correct(principal: Principal, messageId: string, label: string): Promise<void> {
    const { workspaceId } = principal;
    const changed = await this.uow.run(async (tx) => {
      const message = await this.repo.lockMessage(tx, workspaceId, messageId);
      if (!message) throw AppException.notFound('message');
      if (message.direction !== 'in') throw AppException.invalid('only inbound messages carry a sentiment');
      if (message.sentiment_label === label && message.sentiment_model === 'agent') return false;
      await this.repo.correct(
        tx,
        workspaceId,
        messageId,
        principal.userId,
        message.sentiment_label,
        label,
        LABEL_SCORE[label]!,
      );
      return true;
    });
    if (changed) await this.publisher.messagesChanged(workspaceId, [messageId], 'message.updated');
  }

  async corrections(workspaceId: string, limit: number): Promise<SentimentCorrectionDto[]> {
    const rows = await this.repo.list(this.uow.manager, workspaceId, limit);
    return rows.map((r) => ({
      id: r.id,
      messageId: r.message_id,
      userId: r.user_id,
      oldLabel: r.old_label,
      newLabel: r.new_label,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** JSONL in the trainer's format (`{"text","label","lang","source"}`), for `sentiment train --corrections`. */
  async exportCorrections(workspaceId: string, limit: number): Promise<string> {
    const rows = await this.repo.list(this.uow.manager, workspaceId, limit);
    return rows
      .map((r) => {
        const lang = r.language === 'zh' || r.language === 'en' ? r.language : undefined;
        return JSON.stringify({
          text: r.text,
          label: r.new_label,
          ...(lang ? { lang } : {}),
          source: 'agent_corrections',
        });
      })
      .map((line) => `${line}\n`)
      .join('');
  }

  async startRescore(workspaceId: string, days: number): Promise<{ modelVersion: string; since: string }> {
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    await this.queue.enqueue(JobName.SentimentRescore, { workspaceId, since });
    return { modelVersion: this.scorer.modelVersion, since };
  }

  /** One page of re-scoring; enqueues the next page. Running a page twice is harmless. */
  async rescorePage(workspaceId: string, since: string, after: string | undefined): Promise<void> {
    const model = this.scorer.modelVersion;
    const rows = await this.repo.staleScored(
      this.uow.manager,
      workspaceId,
      model,
      new Date(since),
      after ?? null,
      RESCORE_PAGE,
    );
    if (rows.length === 0) return;
    const scored = rows.map((r) => ({ ...r, result: this.scorer.score(r.text) }));
    const written = await this.uow.run((tx) =>
      this.repo.rescore(
        tx,
        workspaceId,
        scored.map((s) => ({
          id: s.id,
          label: s.result.label,
          score: s.result.score,
          confidence: s.result.confidence,
          language: s.result.language,
          model,
        })),
      ),
    );
    const writtenSet = new Set(written);
    const relabelled = scored
      .filter((s) => writtenSet.has(s.id) && s.sentiment_label !== s.result.label)
      .map((s) => s.id);
    if (relabelled.length > 0) {
      await this.publisher.messagesChanged(workspaceId, relabelled, 'message.updated');
      await this.queue.enqueue(JobName.CrisisDetect, { workspaceId, messageIds: relabelled, recount: true });
    }
    this.logger.log(`re-scored ${rows.length} message(s), ${relabelled.length} relabelled`);
    if (rows.length === RESCORE_PAGE) {
      await this.queue.enqueue(JobName.SentimentRescore, { workspaceId, since, after: rows[rows.length - 1]!.id });
    }
  }
}
