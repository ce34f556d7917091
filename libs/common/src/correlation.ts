import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';

/** Request-scoped context carried through async calls so logs and errors share one correlation id. */
export interface RequestContext {
  correlationId: string;
  workspaceId?: string;
  userId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's `X-Request-Id` only when it is short and plain; otherwise makes a new one. */
export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}

export function currentCorrelationId(): string | undefined {
  return requestContext.getStore()?.correlationId;
}
