import { useCallback, useEffect, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { accessToken, api, ApiError, login, onTokensChange, setTokens, switchWorkspace } from './api-client';
import { alertItemCounts } from './dashboard/alert-card';
import { DashboardPage } from './dashboard/dashboard-page';
import { useI18n, type Lang } from './i18n';
import { InboxPage } from './inbox/inbox-page';
import { RealtimeProvider, useRealtime, useSocketEvent } from './realtime';
import { SessionContext, type Session } from './session';
import { SettingsPage } from './settings/settings-page';
import type { Alert, Channel, Me, Member, Page } from './types';

function useSignedIn(): boolean {
  return useSyncExternalStore(onTokensChange, () => accessToken() !== null);
}

function useHashRoute(): string[] {
  const read = (): string[] => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const h = (): void => setRoute(read());
    window.addEventListener('hashchange', h);
    return () => window.removeEventListener('hashchange', h);
  }, []);
  return route;
}

export function App(): ReactNode {
  const signedIn = useSignedIn();
  return signedIn ? <SignedIn /> : <LoginPage />;
}

function LanguageSwitch(): ReactNode {
  const { t, lang, setLang } = useI18n();
  return (
    <label className="inline">
      <span className="sr-only">{t('language')}</span>
      <select aria-label={t('language')} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        <option value="en">English</option>
        <option value="zh-CN">中文</option>
      </select>
    </label>
  );
}

function LoginPage(): ReactNode {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await login(email, password);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-head">
          <h1>{t('appName')}</h1>
          <LanguageSwitch />
        </div>
        <form onSubmit={(e) => void submit(e)}>
          <label>
            {t('email')}
            <input
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label>
            {t('password')}
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('signIn')}
          </button>
          <p role="alert" className="error">
            {error}
          </p>
        </form>
      </div>
    </main>
  );
}

function SignedIn(): ReactNode {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const me = await api<Me>('GET', '/me');
      const [channels, members] = await Promise.all([
        api<Channel[]>('GET', '/channels'),
        api<Member[]>('GET', '/members').catch(() => [] as Member[]),
      ]);
      setSession({
        me,
        channels,
        members,
        canReply: me.role !== 'analyst',
        canManage: me.role === 'owner' || me.role === 'admin',
        reloadReference: load,
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setTokens(null);
      else setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (!session) return <p className="loading">{error ? `${t('error')}: ${error}` : t('loading')}</p>;
  return (
    <SessionContext.Provider value={session}>
      <RealtimeProvider workspaceId={session.me.workspaceId}>
        <Shell
          onSwitch={async (id) => {
            setSession(null);
            await switchWorkspace(id);
            window.location.hash = '#/inbox';
            await load();
          }}
          session={session}
        />
      </RealtimeProvider>
    </SessionContext.Provider>
  );
}

function Shell({ session, onSwitch }: { session: Session; onSwitch(id: string): Promise<void> }): ReactNode {
  const { t } = useI18n();
  const { connected, epoch } = useRealtime();
  const route = useHashRoute();
  const page = route[0] ?? 'inbox';
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  // Open crises: loaded on start and after every reconnection, then kept current by the live events.
  useEffect(() => {
    void api<Page<Alert>>('GET', '/crisis/alerts?status=open&limit=20')
      .then((r) => setAlerts(r.items))
      .catch(() => undefined);
  }, [epoch]);
  const onAlert = (e: { alert?: Alert }): void => {
    const a = e?.alert;
    if (!a?.id) return;
    setAlerts((list) => {
      const rest = list.filter((x) => x.id !== a.id);
      return a.status === 'open' ? [a, ...rest] : rest;
    });
  };
  useSocketEvent<{ alert: Alert }>('alert.created', onAlert);
  useSocketEvent<{ alert: Alert }>('alert.updated', onAlert);
  const [toasts, setToasts] = useState<{ id: number; text: string }[]>([]);
  useSocketEvent<{ by: { name: string }; conversationId: string }>('note.mentioned', (e) => {
    const id = Date.now();
    setToasts((ts) => [...ts, { id, text: `${e.by.name} ${t('mentionedYou')}` }]);
    setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), 15000);
  });
  const nav: [string, string][] = [
    ['inbox', t('inbox')],
    ['dashboard', t('dashboard')],
    ['settings', t('settings')],
  ];
  return (
    <div className="shell">
      <header className="topbar">
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label="Main">
          {nav.map(([key, label]) => (
            <a key={key} href={`#/${key}`} aria-current={page === key ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div className="topbar-right">
          <span className={connected ? 'conn ok' : 'conn'} role="status" aria-live="polite">
            {connected ? t('live') : t('reconnecting')}
          </span>
          <select
            aria-label={t('workspace')}
            value={session.me.workspaceId}
            onChange={(e) => void onSwitch(e.target.value)}
          >
            {session.me.workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <LanguageSwitch />
          <span className="who">{session.me.name || session.me.email}</span>
          <button type="button" onClick={() => setTokens(null)}>
            {t('signOut')}
          </button>
        </div>
      </header>
      {alerts
        .filter((a) => !dismissed.has(a.id))
        .map((a) => (
          <div key={a.id} className="crisis-banner" role="alert" data-alert-id={a.id}>
            <strong>{t('crisis')}:</strong>{' '}
            <span>
              {a.topic.name} · {a.severity} · {alertItemCounts(a, t)}
              {a.terms.length > 0
                ? ` · ${a.terms
                    .slice(0, 3)
                    .map((x) => x.term)
                    .join(', ')}`
                : ''}
            </span>
            <a href="#/dashboard">{t('viewAlert')}</a>
            <button
              type="button"
              aria-label={`${t('dismiss')}: ${a.topic.name}`}
              onClick={() => setDismissed((d) => new Set(d).add(a.id))}
            >
              {t('dismiss')}
            </button>
          </div>
        ))}
      <div className="toasts" aria-live="polite">
        {toasts.map((x) => (
          <div key={x.id} className="toast" role="status">
            {x.text}
          </div>
        ))}
      </div>
      {page === 'settings' ? (
        <SettingsPage />
      ) : page === 'dashboard' ? (
        <DashboardPage />
      ) : (
        <InboxPage selectedId={route[1] ?? null} />
      )}
    </div>
  );
}
