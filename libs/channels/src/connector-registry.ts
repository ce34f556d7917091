import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import { CHANNEL_CONNECTORS, type ChannelConnector } from '@scrm/connector-sdk';

/** Every channel type Murmur can connect, by its `type` string. */
@Injectable()
export class ConnectorRegistry {
  private readonly byType: Map<string, ChannelConnector>;

  constructor(@Inject(CHANNEL_CONNECTORS) connectors: ChannelConnector[]) {
    this.byType = new Map(connectors.map((c) => [c.type, c]));
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  get(type: string): ChannelConnector {
    const c = this.byType.get(type);
    if (!c) throw AppException.invalid(`type must be one of: ${this.types.join(', ')}`);
    return c;
  }
}
