import { Injectable } from '@nestjs/common';
import { ChannelService } from '@scrm/channels';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { ALL_CHANNELS, CrisisBucketRepository } from './crisis-bucket.repository';
import { CrisisKeywordSetRepository } from './crisis-keyword-set.repository';
import {
  keywordTopicKey,
  listeningQueriesOf,
  listeningTopicKey,
  listeningTopicName,
  WORKSPACE_TOPIC,
} from './crisis-topics';
import type { CrisisTopicListDto, TrendDto, TrendQuery } from './crisis.dto';

const MAX_POINTS = 20_000;

/** Sentiment counts over time for dashboards, read from the detection buckets, and the topics to pick. */
@Injectable()
export class CrisisTrendService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly buckets: CrisisBucketRepository,
    private readonly keywordSets: CrisisKeywordSetRepository,
    private readonly channels: ChannelService,
  ) {}

  /** Every topic detection watches: the workspace, its topic keyword sets and its listening queries. */
  async topics(workspaceId: string): Promise<CrisisTopicListDto> {
    const em = this.uow.manager;
    const sets = await this.keywordSets.list(em, workspaceId);
    const channels = (await this.channels.list(workspaceId)).sort(
      (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    );
    return {
      items: [
        { key: WORKSPACE_TOPIC.key, name: WORKSPACE_TOPIC.name, kind: 'workspace' as const },
        ...sets
          .filter((s) => s.purpose === 'topic' && s.keywords.length > 0)
          .map((s) => ({ key: keywordTopicKey(s.id), name: s.name, kind: 'keywords' as const })),
        ...channels.flatMap((c) =>
          listeningQueriesOf(c.config.queries).map((query) => ({
            key: listeningTopicKey({ channelId: c.id, query }),
            name: listeningTopicName(query, c.name),
            kind: 'x-query' as const,
          })),
        ),
      ],
    };
  }

  async trend(workspaceId: string, q: TrendQuery): Promise<TrendDto> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (to <= from) throw AppException.invalid('to must be after from');
    const minutes = q.bucketMinutes ?? 5;
    if (minutes % 5 !== 0) throw AppException.invalid('bucketMinutes must be a multiple of 5');
    if ((to.getTime() - from.getTime()) / (minutes * 60_000) > MAX_POINTS) {
      throw AppException.invalid(`the range holds more than ${MAX_POINTS} buckets: widen bucketMinutes`);
    }
    const topic = q.topic ?? 'workspace';
    const channelType = q.channelType ?? ALL_CHANNELS;
    const rows = await this.buckets.trend(this.uow.manager, workspaceId, topic, channelType, from, to, minutes * 60);
    return {
      topic,
      channelType,
      bucketMinutes: minutes,
      points: rows.map((r) => ({
        start: r.bucket_start.toISOString(),
        total: r.total,
        positive: r.positive,
        neutral: r.neutral,
        negative: r.negative,
        negativeReach: Number(r.negative_reach),
      })),
    };
  }
}
