export * from './outbound.module';
