export * from './wecom-kf.connector';
export { mapKfErrcode } from './wecom-kf-errcodes';
