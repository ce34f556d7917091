export * from './ingest.module';
export * from './ingest.service';
export * from './ingest-sweeper.service';
export type { StagedPayload } from './inbound.repository';
export * from './channel-event-recorder.service';
export { INBOUND_PREFIX, InboundPushMiddleware, type DirectPush } from './inbound-push.middleware';
export { AttachmentService } from './attachment.service';
