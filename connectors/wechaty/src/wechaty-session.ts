import {
  ConnectorError,
  type ChannelSession,
  type ChannelSessionHost,
  type NormalizedInboundMessage,
  type NormalizedTimelineEvent,
  type OutboundMessage,
  type SendResult,
} from '@scrm/connector-sdk';
import { FileBox } from 'file-box';
import {
  ScanStatus,
  WechatyBuilder,
  type Contact,
  type Message,
  type Room,
  type Wechaty,
  type WechatyOptions,
} from 'wechaty';
import { OutboundPacer } from './outbound-pacer';
import { RecentIds } from './recent-ids';
import { normalizeWechatyMessage } from './wechaty-message';
import type { WechatySettings } from './wechaty-settings';

const STOP_TIMEOUT_MS = 10_000;
/** How long a message this session sent is remembered, to recognise its echo as already stored. */
const ECHO_WINDOW_MS = 5 * 60_000;

type Puppet = NonNullable<WechatyOptions['puppet']>;

/**
 * One logged-in WeChat account. Everything durable goes through the host: inbound messages and
 * self-sent ones (as outbound), room membership and topic changes as timeline events, and the
 * status its admins see (QR code to scan, online with the pacing, logged out, error).
 */
export class WechatySession implements ChannelSession {
  private readonly bot: Wechaty;
  private readonly seen = new RecentIds(10_000);
  private readonly pacer: OutboundPacer;
  private readonly sentByUs: { threadKey: string; text: string; at: number }[] = [];
  private online = false;
  private stopped = false;

  private constructor(
    puppet: Puppet,
    private readonly settings: WechatySettings,
    private readonly host: ChannelSessionHost,
    name: string,
    private readonly maxAttachmentBytes: number,
  ) {
    this.bot = WechatyBuilder.build({ name, puppet });
    this.pacer = new OutboundPacer(settings.messagesPerMinute, settings.jitterMs);
  }

  static async start(
    puppet: Puppet,
    settings: WechatySettings,
    host: ChannelSessionHost,
    name: string,
    maxAttachmentBytes: number,
  ): Promise<WechatySession> {
    const session = new WechatySession(puppet, settings, host, name, maxAttachmentBytes);
    session.listen();
    await host.reportStatus({ status: 'connecting' });
    host.signal.addEventListener('abort', () => void session.stop(), { once: true });
    await session.bot.start();
    return session;
  }

  private listen(): void {
    const guard =
      <A extends unknown[]>(what: string, fn: (...args: A) => Promise<void>) =>
      (...args: A): void => {
        fn(...args).catch((err: unknown) =>
          this.host.logger.warn(`wechaty ${what} handling failed`, { error: errorName(err) }),
        );
      };
    // wechaty throws on an 'error' event without a listener; it is always attached.
    this.bot.on(
      'error',
      guard('error', (err: Error) => this.onError(err)),
    );
    this.bot.on(
      'scan',
      guard('scan', (qrcode: string, status: ScanStatus) => this.onScan(qrcode, status)),
    );
    this.bot.on(
      'login',
      guard('login', () => this.onLogin()),
    );
    this.bot.on(
      'logout',
      guard('logout', () => this.onLogout()),
    );
    this.bot.on(
      'message',
      guard('message', (m: Message) => this.onMessage(m)),
    );
    this.bot.on(
      'room-join',
      guard('room-join', (room: Room, invitees: Contact[], inviter: Contact, date?: Date) =>
        this.onMembers('room.member_joined', room, invitees, inviter, date),
      ),
    );
    this.bot.on(
      'room-leave',
      guard('room-leave', (room: Room, leavers: Contact[], remover?: Contact, date?: Date) =>
        this.onMembers('room.member_left', room, leavers, remover, date),
      ),
    );
    this.bot.on(
      'room-topic',
      guard('room-topic', (room: Room, topic: string, previous: string, changer: Contact, date?: Date) =>
        this.onTopic(room, topic, previous, changer, date),
      ),
    );
  }

  private async onScan(qrcode: string, status: ScanStatus): Promise<void> {
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      await this.host.reportStatus({
        status: 'waiting_for_scan',
        qrCode: qrcode,
        detail: 'scan the QR code with WeChat',
      });
    } else if (status === ScanStatus.Scanned) {
      await this.host.reportStatus({ status: 'waiting_for_scan', detail: 'scanned: confirm the login on the phone' });
    }
  }

  private async onLogin(): Promise<void> {
    this.online = true;
    this.host.logger.info('wechaty logged in');
    await this.reportOnline();
  }

  private async onLogout(): Promise<void> {
    this.online = false;
    this.host.logger.info('wechaty logged out');
    if (!this.stopped) await this.host.reportStatus({ status: 'logged_out', detail: 'the account logged out' });
  }

  /** While logged in a puppet error is usually transient and the bot keeps working; before, it is fatal. */
  private async onError(err: Error): Promise<void> {
    this.host.logger.warn('wechaty error', { error: errorName(err), online: this.online });
    if (!this.online && !this.stopped) {
      await this.host.reportStatus({ status: 'error', detail: `puppet error: ${err.message.slice(0, 200)}` });
    }
  }

  private async onMessage(m: Message): Promise<void> {
    if (!this.seen.add(m.id)) return;
    const normalized = await normalizeWechatyMessage(m, this.maxAttachmentBytes);
    if (!normalized) return;
    if (normalized.direction === 'out' && this.isOurEcho(normalized.threadKey, echoKeyOf(normalized))) return;
    await this.host.ingest([normalized]);
  }

  private async onMembers(
    kind: string,
    room: Room,
    members: Contact[],
    actor: Contact | undefined,
    date: Date | undefined,
  ): Promise<void> {
    const at = date ?? new Date();
    const events: NormalizedTimelineEvent[] = members.map((c) => ({
      platformEventId: `${kind}:${room.id}:${c.id}:${at.getTime()}`,
      kind,
      threadKey: room.id,
      platformUserId: c.id,
      displayName: c.name(),
      data: { roomId: room.id, ...(actor ? { actorId: actor.id } : {}) },
      occurredAt: at.toISOString(),
    }));
    await this.host.recordEvents(events);
  }

  private async onTopic(room: Room, topic: string, previous: string, changer: Contact, date?: Date): Promise<void> {
    const at = date ?? new Date();
    await this.host.recordEvents([
      {
        platformEventId: `room.topic_changed:${room.id}:${at.getTime()}`,
        kind: 'room.topic_changed',
        threadKey: room.id,
        platformUserId: changer.id,
        displayName: changer.name(),
        data: { roomId: room.id, topic, previous },
        occurredAt: at.toISOString(),
      },
    ]);
  }

  /** Sends one reply, paced; a room reply may @mention members. */
  async send(message: OutboundMessage): Promise<SendResult> {
    const queuedBefore = this.pacer.queued;
    const result = this.pacer.run(() => this.sendNow(message), this.host.signal);
    if (queuedBefore > 0) await this.reportOnline();
    try {
      return await result;
    } finally {
      if (this.pacer.queued === 0 && queuedBefore > 0) await this.reportOnline();
    }
  }

  private async sendNow(message: OutboundMessage): Promise<SendResult> {
    if (!this.online) throw new ConnectorError('TEMPORARY', 'the WeChat account is not logged in');
    const target = await this.findConversation(message.threadKey, message.isGroup);
    const mentions: Contact[] = [];
    if ('topic' in target) {
      for (const id of message.mentions ?? []) {
        const c = await this.bot.Contact.find({ id });
        if (c) mentions.push(c);
      }
    }
    let last: Message | void = undefined;
    if (message.text !== '') {
      this.rememberSent(message.threadKey, message.text);
      last = 'topic' in target ? await target.say(message.text, ...mentions) : await target.say(message.text);
    }
    for (const a of message.attachments) {
      if (!/^https?:\/\//.test(a.url)) continue;
      const file = FileBox.fromUrl(a.url, { name: a.name });
      this.rememberSent(message.threadKey, `file:${file.name}`);
      last = await target.say(file);
    }
    if (last) this.seen.add(last.id);
    return last ? { platformMessageId: last.id } : {};
  }

  private async findConversation(threadKey: string, isGroup: boolean | undefined): Promise<Room | Contact> {
    if (isGroup !== false) {
      const room = await this.bot.Room.find({ id: threadKey }).catch(() => undefined);
      if (room) return room;
    }
    if (isGroup !== true) {
      const contact = await this.bot.Contact.find({ id: threadKey }).catch(() => undefined);
      if (contact) return contact;
    }
    throw new ConnectorError('NOT_FOUND', 'the contact or room is not known to this WeChat account');
  }

  private rememberSent(threadKey: string, text: string): void {
    const now = Date.now();
    while (this.sentByUs.length > 0 && now - this.sentByUs[0]!.at > ECHO_WINDOW_MS) this.sentByUs.shift();
    this.sentByUs.push({ threadKey, text, at: now });
  }

  /** A self-sent message matching something this session just sent is our reply echoed back, not a phone message. */
  private isOurEcho(threadKey: string, key: string): boolean {
    // A room reply comes back with the @mentions prefixed to the text.
    const i = this.sentByUs.findIndex((s) => s.threadKey === threadKey && key.endsWith(s.text));
    if (i < 0) return false;
    this.sentByUs.splice(i, 1);
    return true;
  }

  private async reportOnline(): Promise<void> {
    if (!this.online || this.stopped) return;
    const queued = this.pacer.queued;
    await this.host.reportStatus({
      status: 'online',
      detail:
        `pacing ${this.settings.messagesPerMinute} messages/minute (+0-${this.settings.jitterMs} ms jitter)` +
        (queued > 0 ? `; ${queued} waiting` : ''),
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.online = false;
    await Promise.race([
      this.bot.stop().catch((err: unknown) => this.host.logger.warn('wechaty stop failed', { error: errorName(err) })),
      new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref()),
    ]);
  }
}

function echoKeyOf(m: NormalizedInboundMessage): string {
  return m.text !== '' ? m.text : `file:${m.attachments[0]?.name ?? ''}`;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
