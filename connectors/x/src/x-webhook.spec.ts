import { createHmac } from 'node:crypto';
import { crcResponseToken, parseAccountActivity, verifyXSignature } from './x-webhook';
import { XConnector } from './x.connector';

// The consumer secret and crc_token from X's own CRC examples (developer docs and sample code); the
// expected token is what X's reference code prints for them.
const X_EXAMPLE_SECRET = 'z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu';
const X_EXAMPLE_CRC_TOKEN = '9b4507b3-9040-4669-9ca3-6b94edb50553';
const X_EXAMPLE_RESPONSE = 'sha256=Cytd4Sq+NvEcV3MMrXxWJGJx5A+y/lXzzU2Maartkx8=';

const ctx = {
  channelId: 'c1',
  workspaceId: 'w1',
  config: { userId: '100', queries: [], apiBaseUrl: null, pollSeconds: 60 },
  secrets: { appKey: 'k', appSecret: X_EXAMPLE_SECRET, accessToken: 't', accessSecret: 's' },
};

describe('X webhook security', () => {
  it('answers the CRC challenge as X’s published example does', () => {
    expect(crcResponseToken(X_EXAMPLE_SECRET, X_EXAMPLE_CRC_TOKEN)).toBe(X_EXAMPLE_RESPONSE);
    const res = new XConnector().handleInbound(
      ctx,
      { method: 'GET', headers: {}, query: { crc_token: X_EXAMPLE_CRC_TOKEN }, rawBody: Buffer.alloc(0) },
      new Date(),
    );
    expect(res.response).toEqual({ status: 200, body: { response_token: X_EXAMPLE_RESPONSE } });
  });

  it('verifies x-twitter-webhooks-signature over the exact body bytes', () => {
    const body = Buffer.from('{"for_user_id":"100","direct_message_events":[]}');
    const good = `sha256=${createHmac('sha256', X_EXAMPLE_SECRET).update(body).digest('base64')}`;
    expect(verifyXSignature(X_EXAMPLE_SECRET, body, good)).toBe(true);
    expect(verifyXSignature(X_EXAMPLE_SECRET, Buffer.concat([body, Buffer.from(' ')]), good)).toBe(false);
    expect(verifyXSignature('another-secret', body, good)).toBe(false);
    expect(verifyXSignature(X_EXAMPLE_SECRET, body, undefined)).toBe(false);
    expect(() =>
      new XConnector().handleInbound(
        ctx,
        { method: 'POST', headers: { 'x-twitter-webhooks-signature': 'sha256=AAAA' }, query: {}, rawBody: body },
        new Date(),
      ),
    ).toThrow(/does not match/);
  });

  it('turns a signed Account Activity delivery into messages: replies to the brand and DMs both ways', () => {
    const body = Buffer.from(
      JSON.stringify({
        for_user_id: '100',
        tweet_create_events: [
          {
            id_str: '501',
            text: '@brand my order is late',
            in_reply_to_status_id_str: '500',
            in_reply_to_user_id_str: '100',
            timestamp_ms: '1764300000000',
            user: { id_str: '200', name: 'Alice', screen_name: 'alice' },
          },
          { id_str: '502', text: 'unrelated', user: { id_str: '300' }, timestamp_ms: '1764300000000' },
        ],
        direct_message_events: [
          {
            type: 'message_create',
            id: '601',
            created_timestamp: '1764300001000',
            message_create: { sender_id: '200', target: { recipient_id: '100' }, message_data: { text: 'hi' } },
          },
          {
            type: 'message_create',
            id: '602',
            created_timestamp: '1764300002000',
            message_create: { sender_id: '100', target: { recipient_id: '200' }, message_data: { text: 'hello' } },
          },
        ],
        users: { '200': { name: 'Alice' } },
      }),
    );
    const sig = `sha256=${createHmac('sha256', X_EXAMPLE_SECRET).update(body).digest('base64')}`;
    const res = new XConnector().handleInbound(
      ctx,
      { method: 'POST', headers: { 'x-twitter-webhooks-signature': sig }, query: {}, rawBody: body },
      new Date(),
    );
    expect(res.response.status).toBe(200);
    expect(res.messages.map((m) => [m.platformMessageId, m.threadKey, m.sender.platformUserId, m.direction])).toEqual([
      ['501', 'post:500', '200', undefined],
      ['601', 'dm:100-200', '200', 'in'],
      ['602', 'dm:100-200', '200', 'out'],
    ]);
    expect(parseAccountActivity(body, '999', new Date())).toEqual([]);
  });
});

describe('X outbound guardrail', () => {
  it('refuses an automated public reply', async () => {
    await expect(
      new XConnector().send(
        { ...ctx, config: { ...ctx.config, apiBaseUrl: 'http://127.0.0.1:9' } },
        {
          messageId: 'm',
          conversationId: 'c',
          threadKey: 'post:500',
          recipient: { platformUserId: 'post:500' },
          text: 'Thanks!',
          attachments: [],
          createdAt: new Date(),
          automated: true,
        },
      ),
    ).rejects.toMatchObject({ code: 'INVALID' });
  });
});
