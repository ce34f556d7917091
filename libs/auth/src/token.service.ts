import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AppConfig } from '@scrm/config';

export interface TokenClaims {
  sub: string;
  wid: string;
  typ: 'access' | 'refresh';
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** HS256 JWTs. Access tokens are short-lived; refresh tokens only mint new pairs. */
@Injectable()
export class TokenService {
  constructor(private readonly config: AppConfig) {}

  issue(userId: string, workspaceId: string): TokenPair {
    const sign = (typ: TokenClaims['typ'], ttl: number): string =>
      jwt.sign({ wid: workspaceId, typ }, this.config.jwtSecret, {
        algorithm: 'HS256',
        subject: userId,
        expiresIn: ttl,
        issuer: 'murmur',
      });
    return {
      accessToken: sign('access', this.config.accessTokenTtlSeconds),
      refreshToken: sign('refresh', this.config.refreshTokenTtlSeconds),
      expiresIn: this.config.accessTokenTtlSeconds,
    };
  }

  /** Returns the claims of a valid token of the expected type, or undefined. */
  verify(token: string, typ: TokenClaims['typ']): TokenClaims | undefined {
    try {
      const claims = jwt.verify(token, this.config.jwtSecret, { algorithms: ['HS256'], issuer: 'murmur' });
      if (typeof claims !== 'object' || claims === null) return undefined;
      const { sub, wid, typ: t } = claims as Record<string, unknown>;
      if (typeof sub !== 'string' || typeof wid !== 'string' || t !== typ) return undefined;
      return { sub, wid, typ };
    } catch {
      return undefined;
    }
  }
}
