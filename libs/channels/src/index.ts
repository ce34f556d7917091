export * from './channel.service';
export * from './channels.module';
export * from './secret-box';
