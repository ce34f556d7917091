import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { apiBlob } from '../api-client';
import { useI18n } from '../i18n';
import { safeHref } from '../safe-text';
import type { Attachment } from '../types';

/** Raster formats shown inline. SVG is not: as a document it could run script, so it is offered as a file. */
const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;
const STORED = '/api/v1/attachments/';

type Source = { kind: 'stored'; path: string } | { kind: 'remote'; href: string } | { kind: 'none' };

/** Where the bytes are: Murmur's own authenticated URL, an http(s) URL elsewhere, or nowhere we open. */
function sourceOf(url: string): Source {
  let u: URL;
  try {
    u = new URL(url, window.location.origin);
  } catch {
    return { kind: 'none' };
  }
  if (u.origin === window.location.origin && u.pathname.startsWith(STORED)) return { kind: 'stored', path: u.pathname };
  const href = safeHref(u.href);
  return href === 'about:blank' || u.origin === window.location.origin ? { kind: 'none' } : { kind: 'remote', href };
}

function isImage(a: Attachment): boolean {
  if (a.contentType) return INLINE_IMAGE.test(a.contentType);
  return a.type === 'image' && !/\.svgz?$/i.test(a.name ?? a.url);
}

function fileName(a: Attachment, fallback: string): string {
  if (a.name) return a.name;
  try {
    const last = new URL(a.url, window.location.origin).pathname.split('/').pop();
    return last && !/^[0-9a-f-]{36}$/.test(last) ? decodeURIComponent(last) : fallback;
  } catch {
    return fallback;
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A message's files: raster images as inline thumbnails, anything else as a link with its name and
 * size. Stored files are fetched with the session's token; the browser only ever sees them as images
 * or downloads, never as pages of the app.
 */
export function AttachmentList({ attachments }: { attachments: Attachment[] }): ReactNode {
  const { t } = useI18n();
  return (
    <ul className="attachments" aria-label={t('attachments')}>
      {attachments.map((a, i) => {
        const source = sourceOf(a.url);
        const name = fileName(a, t('attachment'));
        return (
          <li key={i}>
            {isImage(a) && source.kind !== 'none' ? (
              <ImageThumb source={source} name={name} />
            ) : (
              <FileLink source={source} name={name} size={a.size} />
            )}
            {a.status ? (
              <span className={`attachment-${a.status}`} title={a.error}>
                {' '}
                [{t(a.status === 'pending' ? 'attachmentPending' : 'attachmentUnavailable')}]
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** An object URL for a stored image's bytes, when they are an inline image type (revoked when unmounted). */
function useStoredImageUrl(path: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!path) return;
    let objectUrl: string | null = null;
    let live = true;
    void apiBlob(path)
      .then((blob) => {
        if (!live || !INLINE_IMAGE.test(blob.type)) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => setUrl(null));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [path]);
  return url;
}

function ImageThumb({ source, name }: { source: Exclude<Source, { kind: 'none' }>; name: string }): ReactNode {
  const stored = useStoredImageUrl(source.kind === 'stored' ? source.path : null);
  const src = source.kind === 'remote' ? source.href : stored;
  if (!src) return <span className="attachment-file">{name}</span>;
  return (
    <a
      className="attachment-image"
      href={src}
      {...(source.kind === 'stored' ? { download: name } : { target: '_blank', rel: 'noopener noreferrer nofollow' })}
    >
      <img src={src} alt={name} loading="lazy" referrerPolicy="no-referrer" />
    </a>
  );
}

function FileLink({ source, name, size }: { source: Source; name: string; size?: number }): ReactNode {
  const label = size !== undefined ? `${name} (${formatSize(size)})` : name;
  if (source.kind === 'none') return <span className="attachment-file">{label}</span>;
  if (source.kind === 'remote') {
    return (
      <a className="attachment-file" href={source.href} target="_blank" rel="noopener noreferrer nofollow">
        {label}
      </a>
    );
  }
  // Fetched on demand with the token and handed to the browser as a download (never rendered).
  const download = (e: MouseEvent<HTMLAnchorElement>): void => {
    e.preventDefault();
    void apiBlob(source.path).then(
      (blob) => {
        const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      },
      () => undefined,
    );
  };
  return (
    <a className="attachment-file" href={source.path} download={name} onClick={download}>
      {label}
    </a>
  );
}
