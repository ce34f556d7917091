import 'reflect-metadata';
import { AppConfig, ConfigError } from '@scrm/config';
import { startApi, type RunningApi } from './api-app';

/**
 * `main.ts` runs the api process; `--with-worker` adds the job consumers to it (the single-process
 * embedded default that `npm start` uses).
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = new AppConfig(process.argv.includes('--with-worker') ? 'all' : 'api', process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const api = await startApi(config);
  printBanner(api, config);
  installShutdown(api, config.shutdownGraceMs);
}

function printBanner(api: RunningApi, config: AppConfig): void {
  const lines = [
    '',
    `  Murmur is running at ${api.url}`,
    `  API docs: ${api.url}/api/docs`,
    `  Database: ${config.embeddedDatabase ? `embedded (PGlite) in ${config.dataDir}/pg` : 'PostgreSQL'}; ` +
      `queue: ${config.redisUrl ? 'BullMQ on Redis' : 'in-process'}; role: ${config.role}`,
  ];
  const seed = api.seed;
  if (seed) {
    lines.push(`  Demo login: ${seed.email}`);
    if (seed.generatedPassword)
      lines.push(`  Password:   ${seed.generatedPassword}   (shown once; set MURMUR_ADMIN_PASSWORD to choose one)`);
    else if (!config.adminPassword)
      lines.push('  Password:   the one printed on first start (or set MURMUR_ADMIN_PASSWORD before the first start)');
    else lines.push('  Password:   from MURMUR_ADMIN_PASSWORD');
    if (seed.channel?.inboundUrl) lines.push(`  Demo webhook channel inbound URL: ${seed.channel.inboundUrl}`);
    if (seed.channel?.secret) lines.push(`  Demo webhook signing secret:      ${seed.channel.secret}   (shown once)`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function installShutdown(api: RunningApi, graceMs: number): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`received ${signal}: finishing in-flight work\n`);
    setTimeout(() => process.exit(1), graceMs).unref();
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Murmur failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
