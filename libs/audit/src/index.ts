export type { NewAuditEntry } from './audit.repository';
export * from './audit.service';
export * from './audit.dto';
export * from './audit.module';
