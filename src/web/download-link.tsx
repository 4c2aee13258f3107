import { type ReactNode, useEffect, useState } from 'react';

/** Props of a download link: the file's name, its type and a function that makes its content. */
export interface DownloadLinkProps {
  readonly name: string;
  readonly type: string;
  /** Called when the link is made and again when it changes; pass a stable function (`useCallback`). */
  readonly content: () => string;
  readonly children: ReactNode;
}

/** `format-week-2020.yaml` for `scenarios/karabakh/format-week-2020.yaml`. */
export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1) || 'scenario.yaml';
}

/** A link that saves `content()` as the file `name`: a plain `<a download>` to a blob, so it works offline. */
export function DownloadLink({ name, type, content, children }: DownloadLinkProps) {
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    let text: string;
    try {
      text = content();
    } catch {
      setHref(null);
      return;
    }
    const url = URL.createObjectURL(new Blob([text], { type }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [content, type]);
  if (href === null) return null;
  return (
    <a className="download" href={href} download={name}>
      {children}
    </a>
  );
}
