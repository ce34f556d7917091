export { handleKey, type HandleInput, type ResolvedHandle } from './identity.repository';
export * from './contact.service';
export * from './contact.dto';
export * from './identity.module';
export * from './merge.service';
export * from './merge.dto';
export * from './contact-attribute.service';
export * from './profile.dto';
export { normalizeAttributeValue, isCalendarDate, type AttributeShape, type AttributeValue } from './attribute-value';
