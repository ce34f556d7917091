import type { ReactNode } from 'react';

const LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/**
 * Customer text as plain text: React escapes every string, and only http(s) URLs become links
 * (anything else — `javascript:`, `data:` — stays text). Never use innerHTML for platform content.
 */
export function SafeText({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    const start = m.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={safeHref(url)} target="_blank" rel="noopener noreferrer nofollow">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

/** Returns the URL when its scheme is http or https, otherwise `about:blank`. */
export function safeHref(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : 'about:blank';
  } catch {
    return 'about:blank';
  }
}
