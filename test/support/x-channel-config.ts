/**
 * The config of an X channel polling the local X fake (which takes any credentials) as the brand
 * `userId`, searching `queries`. The app secret is `app-secret`: the tests sign webhooks with it.
 */
export function xChannelConfig(apiBaseUrl: string, userId: string, queries: string[]): Record<string, unknown> {
  return {
    bearerToken: 'bearer-secret',
    appKey: 'app-key',
    appSecret: 'app-secret',
    accessToken: 'access-token',
    accessSecret: 'access-secret',
    userId,
    queries,
    apiBaseUrl,
    pollSeconds: 1,
  };
}
