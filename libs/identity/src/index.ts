export { handleKey, type HandleInput, type ResolvedHandle } from './identity.repository';
export * from './contact.service';
export * from './contact.dto';
export * from './identity.module';
