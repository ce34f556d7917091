export * from './message-sentiment.module';
export * from './message-sentiment-scorer';
