import type { ReactNode } from 'react';
import type { Channel } from './types';

// Short text badges rather than emoji: they render with any font.
const ICONS: Record<string, string> = {
  webhook: 'API',
  wechaty: 'WX',
  'wechat-official': 'OA',
  x: 'X',
};

/** A channel's glyph with its name as the accessible label. */
export function ChannelIcon({ channel }: { channel: Channel | undefined }): ReactNode {
  const label = channel ? `${channel.name} (${channel.type})` : 'channel';
  return (
    <span className={`channel-icon channel-${channel?.type ?? 'unknown'}`} role="img" aria-label={label} title={label}>
      {ICONS[channel?.type ?? ''] ?? '?'}
    </span>
  );
}
