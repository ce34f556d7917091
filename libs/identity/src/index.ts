export { handleKey, type HandleInput, type ResolvedHandle } from './identity.repository';
export * from './contact.service';
export * from './contact.dto';
export * from './identity.module';
export * from './merge.service';
export * from './merge.dto';
