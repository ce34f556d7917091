import type { ReactNode } from 'react';
import type { Channel } from './types';

const ICONS: Record<string, string> = {
  webhook: '🔗',
  wechaty: '💬',
  'wechat-official': '🟩',
  x: '𝕏',
};

/** A channel's glyph with its name as the accessible label. */
export function ChannelIcon({ channel }: { channel: Channel | undefined }): ReactNode {
  const label = channel ? `${channel.name} (${channel.type})` : 'channel';
  return (
    <span className="channel-icon" role="img" aria-label={label} title={label}>
      {ICONS[channel?.type ?? ''] ?? '✉️'}
    </span>
  );
}
