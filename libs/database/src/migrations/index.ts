import { Initial1763800000000 } from './1763800000000-initial';
import { ConnectorState1764400000000 } from './1764400000000-connector-state';

/** Every migration, in order. A new migration must be added here. */
export const MIGRATIONS = [Initial1763800000000, ConnectorState1764400000000];
