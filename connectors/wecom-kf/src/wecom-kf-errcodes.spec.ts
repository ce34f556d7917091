import { ConnectorError } from '@scrm/connector-sdk';
import { isReplyLimitError, mapKfErrcode } from './wecom-kf-errcodes';

describe('WeCom Customer Service errcodes', () => {
  it.each([
    [95000, 'INVALID', 'open_kfid'],
    [95001, 'INVALID', 'WeChat allows 5 messages until the customer writes again'],
    [95002, 'INVALID', '48-hour'],
    [95004, 'INVALID', 'does not exist'],
    [95007, 'INVALID', 'callback token'],
    [95008, 'INVALID', 'expired'],
    [95013, 'INVALID', 'conversation has ended'],
    [95016, 'INVALID', 'cannot change'],
    [95018, 'INVALID', 'session state'],
    [95099, 'INVALID', 'refused'],
    [40007, 'NOT_FOUND', 'media'],
    [40005, 'INVALID', 'media file'],
    [40014, 'AUTH_REVOKED', 'access token'],
    [42001, 'AUTH_REVOKED', 'access token'],
    [40001, 'AUTH_REVOKED', 'secret'],
    [60020, 'AUTH_REVOKED', 'IP'],
    [45009, 'RATE_LIMITED', 'frequency'],
    [40003, 'NOT_FOUND', 'external_userid'],
    [-1, 'TEMPORARY', 'busy'],
  ])('maps %i to %s', (errcode, code, words) => {
    const e = mapKfErrcode(errcode, 'x');
    expect(e.code).toBe(code);
    expect(e.message).toContain(`WeCom errcode ${errcode}`);
    expect(e.message).toContain(words);
    expect(e.platformCode).toBe(errcode);
  });

  it('fails the reply limit (95001) for good: it lifts only when the customer writes again', () => {
    expect(mapKfErrcode(95001, 'x').retryable).toBe(false);
    expect(mapKfErrcode(95001, 'x').retryAfterMs).toBeUndefined();
  });

  it('tells the reply limit by its errcode, not by the wording of a message', () => {
    expect(isReplyLimitError(mapKfErrcode(95001, 'x'))).toBe(true);
    expect(isReplyLimitError(mapKfErrcode(95002, 'x'))).toBe(false);
    expect(isReplyLimitError(new ConnectorError('INVALID', 'WeCom errcode 95001: quoted in another message'))).toBe(
      false,
    );
    expect(isReplyLimitError(new Error('WeCom errcode 95001: reply limit'))).toBe(false);
  });

  it('keeps an unknown code UNKNOWN (retried), or AUTH_REVOKED while fetching the token', () => {
    expect(mapKfErrcode(12345, 'odd <b>text</b>').code).toBe('UNKNOWN');
    expect(mapKfErrcode(12345, 'odd', true).code).toBe('AUTH_REVOKED');
  });
});
