export * from './privacy.module';
export * from './contact-export.service';
export * from './contact-erasure.service';
export * from './retention.service';
export * from './privacy.dto';
