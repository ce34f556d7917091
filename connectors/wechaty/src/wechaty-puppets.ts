import type { WechatyOptions } from 'wechaty';
import type { WechatySettings } from './wechaty-settings';

type Puppet = NonNullable<WechatyOptions['puppet']>;

/**
 * Builds the configured puppet explicitly — never wechaty's environment-driven default. Puppet
 * packages load on demand, so an installation carries only the ones it uses.
 */
export async function createPuppet(settings: WechatySettings): Promise<Puppet> {
  switch (settings.puppet) {
    case 'wechaty-puppet-mock': {
      const { PuppetMock } = await import('wechaty-puppet-mock');
      return new PuppetMock() as unknown as Puppet;
    }
    case 'wechaty-puppet-service': {
      const { PuppetService } = await import('wechaty-puppet-service');
      return new PuppetService({
        endpoint: settings.endpoint,
        token: settings.token,
        tls: { disable: settings.tlsInsecure },
      }) as unknown as Puppet;
    }
    case 'wechaty-puppet-wechat4u': {
      const mod = (await loadOptional('wechaty-puppet-wechat4u')) as { PuppetWechat4u: new () => Puppet };
      return new mod.PuppetWechat4u();
    }
    case 'wechaty-puppet-padlocal': {
      const mod = (await loadOptional('wechaty-puppet-padlocal')) as {
        PuppetPadlocal: new (o: { token?: string }) => Puppet;
      };
      return new mod.PuppetPadlocal({ token: settings.token });
    }
  }
}

async function loadOptional(name: string): Promise<unknown> {
  try {
    return (await import(name)) as unknown;
  } catch (err) {
    throw new Error(`puppet package ${name} is not installed (npm install ${name})`, { cause: err });
  }
}
