import type { AuditService } from '@scrm/audit';
import type { UnitOfWork } from '@scrm/database';
import type { TimelineService } from '@scrm/timeline';
import { ContactService } from './contact.service';
import type { ContactProfileService } from './contact-profile.service';
import type { IdentityRepository, IdentityRow, ResolvedHandle } from './identity.repository';
import type { MergeService } from './merge.service';

const WS = 'ws-1';

function handle(n: number, unionId: string | null): ResolvedHandle {
  return {
    workspaceId: WS,
    channelType: 'wecom-kf',
    scopeKey: 'ch-1',
    platformUserId: `wm-${n}`,
    displayName: null,
    avatarUrl: null,
    seenAt: new Date(0),
    unionId,
    identityId: `id-${n}`,
    contactId: `c-${n}`,
    contactCreated: true,
  };
}

/** The service over a fake repository that records every call and knows which unionids are shared. */
function build(sharedIdentityIds: string[], olderContact: Record<string, string>) {
  const calls: string[] = [];
  const merges: unknown[][] = [];
  const repo = {
    identitiesWithSharedUnionId: (_em: unknown, hs: { identityId: string }[]) => {
      calls.push(`shared(${hs.length})`);
      return Promise.resolve(new Set(hs.map((h) => h.identityId).filter((id) => sharedIdentityIds.includes(id))));
    },
    findIdentity: (_em: unknown, _ws: string, id: string) => {
      calls.push(`find(${id})`);
      return Promise.resolve({ id, contact_id: id.replace('id-', 'c-') } as IdentityRow);
    },
    contactsWithUnionId: (_em: unknown, _ws: string, unionId: string) => {
      calls.push(`contacts(${unionId})`);
      return Promise.resolve(olderContact[unionId] ? [olderContact[unionId]] : []);
    },
  };
  const mergeService = {
    autoMerge: (...args: unknown[]) => {
      merges.push(args);
      return Promise.resolve(undefined);
    },
  };
  const service = new ContactService(
    repo as unknown as IdentityRepository,
    { manager: {} } as unknown as UnitOfWork,
    {} as TimelineService,
    {} as AuditService,
    {} as ContactProfileService,
    mergeService as unknown as MergeService,
  );
  return { service, calls, merges };
}

describe('ContactService.mergeByUnionId', () => {
  it('asks once for a whole batch whose unionids no other contact holds, and merges nothing', async () => {
    const { service, calls, merges } = build([], {});
    const handles = Array.from({ length: 50 }, (_, i) => handle(i, `u-${i}`));
    await service.mergeByUnionId([...handles, handles[0]!]);
    expect(calls).toEqual(['shared(50)']);
    expect(merges).toEqual([]);
  });

  it('does not query at all when no handle carries a unionid', async () => {
    const { service, calls } = build([], {});
    await service.mergeByUnionId([handle(1, null), handle(2, null)]);
    expect(calls).toEqual([]);
  });

  it('runs the merge only for the identities whose unionid another live contact holds', async () => {
    const { service, calls, merges } = build(['id-2'], { 'u-2': 'c-old' });
    await service.mergeByUnionId([handle(1, 'u-1'), handle(2, 'u-2'), handle(3, null), handle(2, 'u-2')]);
    expect(calls).toEqual(['shared(2)', 'find(id-2)', 'contacts(u-2)']);
    expect(merges).toEqual([[WS, 'c-old', 'c-2', { reason: 'same_unionid', identityId: 'id-2' }]]);
  });
});
