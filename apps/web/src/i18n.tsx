import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** UI strings in English and Simplified Chinese. Keys are shared; a missing key falls back to English. */
const en = {
  appName: 'Murmur',
  signIn: 'Sign in',
  signOut: 'Sign out',
  email: 'Email',
  password: 'Password',
  workspace: 'Workspace',
  language: 'Language',
  inbox: 'Inbox',
  dashboard: 'Listening',
  settings: 'Settings',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  conversations: 'Conversations',
  status: 'Status',
  all: 'All',
  open: 'Open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
  assignee: 'Assignee',
  mine: 'Mine',
  unassigned: 'Unassigned',
  channel: 'Channel',
  allChannels: 'All channels',
  priority: 'Priority',
  anyPriority: 'Any priority',
  label: 'Label',
  anyLabel: 'Any label',
  sortBy: 'Sort by',
  sortLatest: 'Latest activity',
  sortPriority: 'Priority',
  sortWaiting: 'Waiting longest',
  none: 'None',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
  noConversations: 'No conversations match these filters.',
  selectConversation: 'Select a conversation to read it.',
  unread: 'unread',
  you: 'You',
  agent: 'Agent',
  customer: 'Customer',
  deliveryPending: 'Sending…',
  deliverySent: 'Sent',
  deliveryFailed: 'Failed',
  retry: 'Retry',
  reply: 'Reply',
  replyPlaceholder: 'Write a reply. Enter sends, Shift+Enter adds a line, / inserts a canned response',
  send: 'Send',
  note: 'Private note',
  notePlaceholder: 'Write a private note; @name mentions a teammate',
  addNote: 'Add note',
  replyMode: 'Reply',
  noteMode: 'Note',
  unassign: 'Unassigned',
  snooze: 'Snooze',
  snoozeUntilNextMessage: 'Until the next customer message',
  snoozeOneHour: 'For 1 hour',
  snoozeTomorrow: 'Until tomorrow 9:00',
  snoozedUntil: 'Snoozed until',
  messages: 'Messages',
  loadOlder: 'Load older messages',
  sentimentPositive: 'Positive',
  sentimentNegative: 'Negative',
  sentimentNeutral: 'Neutral',
  sentiment: 'Sentiment',
  contact: 'Contact',
  identities: 'Identities',
  timeline: 'Timeline',
  noContact: 'No contact for this conversation.',
  crisis: 'Crisis alert',
  dismiss: 'Dismiss',
  viewing: 'Also viewing',
  typing: 'is typing…',
  collisionWarning: 'Another agent is replying to this conversation. Send anyway?',
  mentionedYou: 'mentioned you',
  channels: 'Channels',
  team: 'Team',
  cannedResponses: 'Canned responses',
  labels: 'Labels',
  name: 'Name',
  role: 'Role',
  shortcut: 'Shortcut',
  content: 'Content',
  add: 'Add',
  delete: 'Delete',
  save: 'Save',
  color: 'Color',
  dashboardPlaceholder:
    'Sentiment trend and volume per topic and channel appear here once listening data is available.',
  volume: 'Messages per day',
  error: 'Something went wrong',
  loading: 'Loading…',
  readOnly: 'Your role can read conversations but not reply.',
  invite: 'Invite',
  close: 'Close',
  attachments: 'Attachments',
  canned: 'Canned responses',
  noCanned: 'No canned response matches.',
  labelsOf: 'Labels',
  addLabel: 'Add label',
  removeLabel: 'Remove label',
};

export type MessageKey = keyof typeof en;
type Dictionary = Record<MessageKey, string>;

const zh: Dictionary = {
  appName: 'Murmur',
  signIn: '登录',
  signOut: '退出登录',
  email: '邮箱',
  password: '密码',
  workspace: '工作区',
  language: '语言',
  inbox: '收件箱',
  dashboard: '舆情监听',
  settings: '设置',
  live: '实时',
  reconnecting: '正在重新连接…',
  conversations: '会话',
  status: '状态',
  all: '全部',
  open: '进行中',
  pending: '待处理',
  snoozed: '已暂缓',
  resolved: '已解决',
  assignee: '负责人',
  mine: '我的',
  unassigned: '未分配',
  channel: '渠道',
  allChannels: '全部渠道',
  priority: '优先级',
  anyPriority: '任意优先级',
  label: '标签',
  anyLabel: '任意标签',
  sortBy: '排序',
  sortLatest: '最新动态',
  sortPriority: '优先级',
  sortWaiting: '等待最久',
  none: '无',
  low: '低',
  medium: '中',
  high: '高',
  urgent: '紧急',
  noConversations: '没有符合筛选条件的会话。',
  selectConversation: '选择一个会话查看。',
  unread: '未读',
  you: '我',
  agent: '客服',
  customer: '客户',
  deliveryPending: '发送中…',
  deliverySent: '已发送',
  deliveryFailed: '发送失败',
  retry: '重试',
  reply: '回复',
  replyPlaceholder: '输入回复。Enter 发送，Shift+Enter 换行，/ 插入快捷回复',
  send: '发送',
  note: '内部备注',
  notePlaceholder: '输入内部备注；@姓名 提及同事',
  addNote: '添加备注',
  replyMode: '回复',
  noteMode: '备注',
  unassign: '未分配',
  snooze: '暂缓',
  snoozeUntilNextMessage: '直到客户下一条消息',
  snoozeOneHour: '1 小时',
  snoozeTomorrow: '明天 9:00',
  snoozedUntil: '暂缓至',
  messages: '消息',
  loadOlder: '加载更早的消息',
  sentimentPositive: '正面',
  sentimentNegative: '负面',
  sentimentNeutral: '中性',
  sentiment: '情感',
  contact: '联系人',
  identities: '身份',
  timeline: '时间线',
  noContact: '此会话没有联系人。',
  crisis: '危机预警',
  dismiss: '关闭',
  viewing: '同时查看',
  typing: '正在输入…',
  collisionWarning: '另一位客服正在回复此会话。仍要发送吗？',
  mentionedYou: '提及了你',
  channels: '渠道',
  team: '团队',
  cannedResponses: '快捷回复',
  labels: '标签',
  name: '名称',
  role: '角色',
  shortcut: '快捷键',
  content: '内容',
  add: '添加',
  delete: '删除',
  save: '保存',
  color: '颜色',
  dashboardPlaceholder: '监听数据可用后，这里将显示各话题与渠道的情感趋势和声量。',
  volume: '每日消息数',
  error: '出错了',
  loading: '加载中…',
  readOnly: '你的角色可以查看会话，但不能回复。',
  invite: '邀请',
  close: '关闭',
  attachments: '附件',
  canned: '快捷回复',
  noCanned: '没有匹配的快捷回复。',
  labelsOf: '标签',
  addLabel: '添加标签',
  removeLabel: '移除标签',
};

export type Lang = 'en' | 'zh-CN';
const DICTS: Record<Lang, Dictionary> = { en, 'zh-CN': zh };
const STORAGE_KEY = 'murmur.lang';

export function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return (navigator.languages?.[0] ?? navigator.language ?? 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: MessageKey): string;
  /** A date-time in the browser's time zone, in the UI language. */
  dateTime(iso: string): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }): ReactNode {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(() => {
    const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    document.documentElement.lang = lang;
    return {
      lang,
      setLang: (l) => {
        localStorage.setItem(STORAGE_KEY, l);
        setLangState(l);
      },
      t: (key) => DICTS[lang][key] ?? en[key],
      dateTime: (iso) => fmt.format(new Date(iso)),
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
