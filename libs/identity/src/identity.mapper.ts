import type { IdentityDto } from './contact.dto';
import type { IdentityRow } from './identity.repository';

export function toIdentityDto(i: IdentityRow): IdentityDto {
  return {
    id: i.id,
    channelType: i.channel_type,
    scopeKey: i.scope_key,
    platformUserId: i.platform_user_id,
    displayName: i.display_name,
    avatarUrl: i.avatar_url,
    verified: i.verified,
    followersCount: i.followers_count,
    createdAt: i.created_at.toISOString(),
  };
}
