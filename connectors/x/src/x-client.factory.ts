import { Agent as HttpAgent } from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import type { XChannelConfig, XSecrets } from './x-config';

const X_API_ORIGIN = 'https://api.x.com';
const LEGACY_API_ORIGIN = 'https://api.twitter.com';

/**
 * Rewrites every request the client makes to another base URL. (`cloneWithPrefix` in
 * twitter-api-v2 1.29 does not do this reliably, so the base is swapped in the request config.)
 */
class BaseUrlPlugin implements ITwitterApiClientPlugin {
  constructor(private readonly base: string) {}

  private rewrite(params: { url: string }): void {
    for (const origin of [X_API_ORIGIN, LEGACY_API_ORIGIN]) {
      if (params.url.startsWith(origin)) {
        params.url = this.base + params.url.slice(origin.length);
        return;
      }
    }
  }

  onBeforeRequestConfig(args: { params: { url: string } }): void {
    this.rewrite(args.params);
  }

  onBeforeStreamRequestConfig(args: { params: { url: string } }): void {
    this.rewrite(args.params);
  }
}

export interface XClients {
  /** App-only (bearer) when configured, for public reads; the user context otherwise. */
  reader: TwitterApi;
  /** The brand account's user context: mentions, DMs, posting. */
  user: TwitterApi;
}

export function createXClients(config: XChannelConfig, secrets: XSecrets): XClients {
  const settings: { plugins?: ITwitterApiClientPlugin[]; httpAgent?: HttpAgent } = {};
  if (config.apiBaseUrl) {
    settings.plugins = [new BaseUrlPlugin(config.apiBaseUrl)];
    // The library sends through https.request; a plain-http base needs an http agent to match.
    if (config.apiBaseUrl.startsWith('http:')) settings.httpAgent = new HttpAgent({ keepAlive: true });
  }
  const user = new TwitterApi(
    {
      appKey: secrets.appKey,
      appSecret: secrets.appSecret,
      accessToken: secrets.accessToken,
      accessSecret: secrets.accessSecret,
    },
    settings as never,
  );
  const reader = secrets.bearerToken ? new TwitterApi(secrets.bearerToken, settings as never) : user;
  return { reader, user };
}
