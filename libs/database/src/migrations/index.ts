import { Initial1763800000000 } from './1763800000000-initial';
import { Crisis1764200000000 } from './1764200000000-crisis';
import { ChannelSessions1764300000000 } from './1764300000000-channel-sessions';
import { ConnectorState1764400000000 } from './1764400000000-connector-state';
import { InboxCollaboration1764500000000 } from './1764500000000-inbox-collaboration';
import { Assignment1764510000000 } from './1764510000000-assignment';
import { IdentityGraph1764750000000 } from './1764750000000-identity-graph';
import { OneChannelEventKey1764800000000 } from './1764800000000-one-channel-event-key';
import { ContactProfile1765000000000 } from './1765000000000-contact-profile';
import { Privacy1765100000000 } from './1765100000000-privacy';
import { MessageSearch1765200000000 } from './1765200000000-message-search';
import { IdentityProfile1765300000000 } from './1765300000000-identity-profile';
import { ListeningHitIndex1765300000001 } from './1765300000001-listening-hit-index';
import { ConversationWaiting1765400000000 } from './1765400000000-conversation-waiting';
import { ConversationRead1765410000000 } from './1765410000000-conversation-read';
import { IdentityUnionId1765600000000 } from './1765600000000-identity-union-id';
import { CrisisAlertHits1765910000000 } from './1765910000000-crisis-alert-hits';
import { CrisisPending1765920000000 } from './1765920000000-crisis-pending';
import { MessageUnreadIndex1765920000001 } from './1765920000001-message-unread-index';

/** Every migration, in order. A new migration must be added here. */
export const MIGRATIONS = [
  Initial1763800000000,
  Crisis1764200000000,
  ChannelSessions1764300000000,
  ConnectorState1764400000000,
  InboxCollaboration1764500000000,
  Assignment1764510000000,
  IdentityGraph1764750000000,
  OneChannelEventKey1764800000000,
  ContactProfile1765000000000,
  Privacy1765100000000,
  MessageSearch1765200000000,
  IdentityProfile1765300000000,
  ListeningHitIndex1765300000001,
  ConversationWaiting1765400000000,
  ConversationRead1765410000000,
  IdentityUnionId1765600000000,
  CrisisAlertHits1765910000000,
  CrisisPending1765920000000,
  MessageUnreadIndex1765920000001,
];
