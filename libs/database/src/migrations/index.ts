import { Initial1763800000000 } from './1763800000000-initial';
import { InboxCollaboration1764500000000 } from './1764500000000-inbox-collaboration';
import { Assignment1764510000000 } from './1764510000000-assignment';

/** Every migration, in order. A new migration must be added here. */
export const MIGRATIONS = [Initial1763800000000, InboxCollaboration1764500000000, Assignment1764510000000];
