import { useCallback, useEffect, useState } from 'react';
import { baseName, DownloadLink } from './download-link.js';
import { maxLinkChars, type SharedScenario, shareFragment } from './share-link.js';

/** Props of the share bar: what a link would carry. */
export interface ShareBarProps {
  readonly shared: SharedScenario;
}

type Share =
  | { readonly kind: 'none' }
  | { readonly kind: 'link'; readonly url: string; readonly copied: boolean }
  | { readonly kind: 'error'; readonly message: string };

/** Under the editor: download the YAML as it is now, or make a link that opens the playground on it. */
export function ShareBar({ shared }: ShareBarProps) {
  const [share, setShare] = useState<Share>({ kind: 'none' });
  const yaml = useCallback(() => shared.text, [shared.text]);
  const { file, text, seed, whatIf } = shared;
  // A link belongs to what it was made from: take it away when the text, seed or what-if change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on input change only
  useEffect(() => setShare({ kind: 'none' }), [file, text, seed, whatIf]);

  const makeLink = async () => {
    let fragment: string;
    try {
      fragment = await shareFragment(shared);
    } catch (error) {
      setShare({ kind: 'error', message: `The link could not be made: ${(error as Error).message}` });
      return;
    }
    if (fragment.length > maxLinkChars) {
      setShare({
        kind: 'error',
        message: `This scenario is too long to share as a link (${fragment.length.toLocaleString('en')} characters, at most ${maxLinkChars.toLocaleString('en')}): download the file and send it instead.`,
      });
      return;
    }
    const url = `${location.origin}${location.pathname}${location.search}${fragment}`;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // The clipboard needs the page's focus and permission; the link is shown to copy by hand.
    }
    setShare({ kind: 'link', url, copied });
  };

  return (
    <div className="share-bar">
      <div className="row">
        <DownloadLink name={baseName(shared.file)} type="application/yaml" content={yaml}>
          Download the YAML
        </DownloadLink>
        <button type="button" onClick={makeLink}>
          Share as a link
        </button>
      </div>
      {share.kind === 'link' && (
        <p className="share-link">
          <input
            readOnly
            aria-label="Share link"
            value={share.url}
            onFocus={(e) => e.currentTarget.select()}
          />
          <span role="status">
            {share.copied ? 'Copied. ' : ''}Whoever opens this link sees this scenario, seed and what-if (
            {share.url.length.toLocaleString('en')} characters).
          </span>
        </p>
      )}
      {share.kind === 'error' && <p role="alert">{share.message}</p>}
    </div>
  );
}
