import { Initial1763800000000 } from './1763800000000-initial';

/** Every migration, in order. A new migration must be added here. */
export const MIGRATIONS = [Initial1763800000000];
