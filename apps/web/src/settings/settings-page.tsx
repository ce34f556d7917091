import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api-client';
import { ChannelIcon } from '../channel-icon';
import { useFetchedList } from '../fetched-list';
import { useI18n } from '../i18n';
import { useSocketEvent } from '../realtime';
import { QrTooLongError, qrSvgDataUrl } from '../qr-code';
import { useSession } from '../session';
import type { Channel, Role } from '../types';
import { AlertWebhooks, KeywordSets } from './crisis-settings';

type Tab = 'channels' | 'team' | 'canned' | 'labels' | 'keywords' | 'webhooks';

export function SettingsPage(): ReactNode {
  const { t } = useI18n();
  const { canManage } = useSession();
  const [tab, setTab] = useState<Tab>('channels');
  const tabs: [Tab, string][] = [
    ['channels', t('channels')],
    ['team', t('team')],
    ['canned', t('cannedResponses')],
    ['labels', t('labels')],
    ['keywords', t('keywordSets')],
    ...(canManage ? ([['webhooks', t('alertWebhooks')]] as [Tab, string][]) : []),
  ];
  return (
    <main className="settings">
      <div role="tablist" aria-label={t('settings')} className="tabs">
        {tabs.map(([k, label]) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)}>
            {label}
          </button>
        ))}
      </div>
      <section role="tabpanel" aria-label={tabs.find(([k]) => k === tab)![1]}>
        {tab === 'channels' ? (
          <Channels />
        ) : tab === 'team' ? (
          <Team />
        ) : tab === 'canned' ? (
          <CannedResponses />
        ) : tab === 'keywords' ? (
          <KeywordSets />
        ) : tab === 'webhooks' ? (
          <AlertWebhooks />
        ) : (
          <Labels />
        )}
      </section>
    </main>
  );
}

function AssignmentCell({ channelId }: { channelId: string }): ReactNode {
  const { t } = useI18n();
  const { canManage } = useSession();
  const [policy, setPolicy] = useState<{ mode: string; capacity: number } | null>(null);
  useEffect(() => {
    void api<{ mode: string; capacity: number }>('GET', `/channels/${channelId}/assignment`)
      .then(setPolicy)
      .catch(() => setPolicy(null));
  }, [channelId]);
  if (!policy) return null;
  const save = (next: { mode: string; capacity: number }): void => {
    const body = { mode: next.mode, capacity: next.capacity };
    void api<{ mode: string; capacity: number }>('PUT', `/channels/${channelId}/assignment`, body).then(setPolicy);
  };
  return (
    <>
      <select
        aria-label={t('assignment')}
        value={policy.mode}
        disabled={!canManage}
        onChange={(e) => save({ ...policy, mode: e.target.value })}
      >
        <option value="manual">{t('assignManual')}</option>
        <option value="round_robin">{t('assignRoundRobin')}</option>
      </select>{' '}
      <label>
        {t('capacity')}{' '}
        <input
          type="number"
          min={1}
          max={1000}
          value={policy.capacity}
          disabled={!canManage}
          onChange={(e) => save({ ...policy, capacity: Math.max(1, Number(e.target.value) || 1) })}
        />
      </label>
    </>
  );
}

function ConnectWebhook(): ReactNode {
  const { t } = useI18n();
  const { reloadReference } = useSession();
  const [name, setName] = useState('');
  const [callbackUrl, setCallbackUrl] = useState('');
  const [created, setCreated] = useState<{ inboundUrl?: string; secret?: string } | null>(null);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      const ch = await api<{ inboundUrl?: string; secret?: string }>('POST', '/channels', {
        type: 'webhook',
        name,
        config: callbackUrl ? { callbackUrl } : {},
      });
      setCreated(ch);
      setName('');
      setCallbackUrl('');
      setError('');
      await reloadReference();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={t('connectWebhook')}>
        <label>
          {t('name')} <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('callbackUrl')} <input type="url" value={callbackUrl} onChange={(e) => setCallbackUrl(e.target.value)} />
        </label>
        <button type="submit">{t('connectWebhook')}</button>
        <span className="error" role="alert">
          {error}
        </span>
      </form>
      {created ? (
        <div className="warning" role="status">
          <p>{t('secretOnce')}</p>
          <p>
            <code>{created.inboundUrl}</code>
          </p>
          <p>
            <code>{created.secret}</code>
          </p>
        </div>
      ) : null}
    </>
  );
}

function Channels(): ReactNode {
  const { t } = useI18n();
  const { channels, canManage } = useSession();
  const [live, setLive] = useState<Record<string, ChannelStatusEvent>>({});
  // Owners and admins receive channel.updated: status changes, and the login QR while a scan is awaited.
  useSocketEvent<{ channel: ChannelStatusEvent }>('channel.updated', (e) => {
    if (e?.channel?.id) setLive((m) => ({ ...m, [e.channel.id]: e.channel }));
  });
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('channel')}</th>
            <th>{t('status')}</th>
            <th>{t('assignment')}</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={c.id}>
              <td>
                <ChannelIcon channel={c} /> {c.name}
              </td>
              <td>{c.type}</td>
              <td>
                <ChannelStatusCell channel={c} live={live[c.id]} />
              </td>
              <td>
                <AssignmentCell channelId={c.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? <ConnectWebhook /> : null}
    </>
  );
}

function Team(): ReactNode {
  const { t } = useI18n();
  const { members, canManage, reloadReference } = useSession();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [note, setNote] = useState('');
  const invite = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      const r = await api<{ temporaryPassword?: string }>('POST', '/members', { email, name, role });
      setNote(r.temporaryPassword ? `${email}: ${r.temporaryPassword}` : email);
      setEmail('');
      setName('');
      await reloadReference();
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    }
  };
  const changeRole = async (userId: string, r: Role): Promise<void> => {
    try {
      await api('PATCH', `/members/${userId}`, { role: r });
      await reloadReference();
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('email')}</th>
            <th>{t('role')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>
                <select
                  aria-label={`${t('role')}: ${m.name || m.email}`}
                  value={m.role}
                  disabled={!canManage}
                  onChange={(e) => void changeRole(m.userId, e.target.value as Role)}
                >
                  {(['owner', 'admin', 'agent', 'analyst'] as const).map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <form className="inline-form" onSubmit={(e) => void invite(e)}>
          <label>
            {t('email')} <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            {t('name')} <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('role')}{' '}
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {(['admin', 'agent', 'analyst'] as const).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('invite')}</button>
        </form>
      ) : null}
      <p role="status">{note}</p>
    </>
  );
}

function CannedResponses(): ReactNode {
  const { t } = useI18n();
  const { canReply } = useSession();
  const { list: items, reload } = useFetchedList<{ id: string; shortcut: string; content: string }>(
    '/canned-responses',
  );
  const [shortcut, setShortcut] = useState('');
  const [content, setContent] = useState('');
  const [error, setError] = useState('');
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await api('POST', '/canned-responses', { shortcut, content });
      setShortcut('');
      setContent('');
      setError('');
      await reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <ul className="plain">
        {items.map((c) => (
          <li key={c.id}>
            <strong>/{c.shortcut}</strong> {c.content}{' '}
            {canReply ? (
              <button
                type="button"
                aria-label={`${t('delete')} /${c.shortcut}`}
                onClick={() => void api('DELETE', `/canned-responses/${c.id}`).then(reload)}
              >
                {t('delete')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canReply ? (
        <form className="inline-form" onSubmit={(e) => void add(e)}>
          <label>
            {t('shortcut')} <input required value={shortcut} onChange={(e) => setShortcut(e.target.value)} />
          </label>
          <label>
            {t('content')}{' '}
            <textarea
              required
              value={content}
              placeholder="Hi {{contact.name}}"
              onChange={(e) => setContent(e.target.value)}
            />
          </label>
          <button type="submit">{t('add')}</button>
          <span className="error" role="alert">
            {error}
          </span>
        </form>
      ) : null}
    </>
  );
}

function Labels(): ReactNode {
  const { t } = useI18n();
  const { canManage } = useSession();
  const { list: items, reload } = useFetchedList<{ id: string; name: string; color: string }>('/labels');
  const [name, setName] = useState('');
  const [color, setColor] = useState('#4a7bd0');
  const [error, setError] = useState('');
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await api('POST', '/labels', { name, color });
      setName('');
      setError('');
      await reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <ul className="plain">
        {items.map((l) => (
          <li key={l.id}>
            <span className="label-chip" style={{ borderColor: l.color }}>
              {l.name}
            </span>{' '}
            {canManage ? (
              <button
                type="button"
                aria-label={`${t('delete')} ${l.name}`}
                onClick={() => void api('DELETE', `/labels/${l.id}`).then(reload)}
              >
                {t('delete')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form className="inline-form" onSubmit={(e) => void add(e)}>
          <label>
            {t('name')} <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('color')} <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
          </label>
          <button type="submit">{t('add')}</button>
          <span className="error" role="alert">
            {error}
          </span>
        </form>
      ) : null}
    </>
  );
}

interface ChannelStatusEvent {
  id: string;
  status: string;
  statusDetail: string | null;
  statusUntil: string | null;
  lastError: string | null;
  qrCode?: string;
}

/**
 * The login QR: a payload that already is an image (a data:image URL) is shown as is; any other
 * payload (wechaty reports the URL to encode) is drawn as a QR code here. Text too long for a QR code
 * stays text.
 */
function LoginQr({ payload }: { payload: string }): ReactNode {
  const { t } = useI18n();
  const src = useMemo(() => {
    if (/^data:image\/(png|gif|jpeg|svg\+xml);base64,/.test(payload)) return payload;
    try {
      return qrSvgDataUrl(payload);
    } catch (err) {
      if (err instanceof QrTooLongError) return null;
      throw err;
    }
  }, [payload]);
  return src ? (
    <img className="qr" src={src} alt={t('qrImage')} width={180} height={180} />
  ) : (
    <code aria-label={t('qrPayload')}>{payload}</code>
  );
}

/**
 * A channel's status, live. While a WeChat (wechaty) channel waits for a scan, its login QR code is
 * shown.
 */
function ChannelStatusCell({ channel: c, live }: { channel: Channel; live?: ChannelStatusEvent }): ReactNode {
  const { t, dateTime } = useI18n();
  const status = live?.status ?? c.status;
  const lastError = live ? live.lastError : c.lastError;
  const qr = live?.status === 'waiting_for_scan' ? live.qrCode : undefined;
  return (
    <div data-channel-status={status}>
      {status}
      {live?.statusDetail ? <span className="muted"> · {live.statusDetail}</span> : null}
      {live?.statusUntil ? (
        <span className="muted">
          {' '}
          · {t('until')} {dateTime(live.statusUntil)}
        </span>
      ) : null}
      {lastError ? <span className="error"> {lastError}</span> : null}
      {qr ? (
        <div className="qr-box">
          <strong>{t('scanToLogin')}</strong>
          <LoginQr payload={qr} />
        </div>
      ) : null}
    </div>
  );
}
