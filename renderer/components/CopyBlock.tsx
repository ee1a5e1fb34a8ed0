// A block of text to paste elsewhere (a WireGuard AllowedIPs line, a whole configuration), with a
// Copy button; the text stays selectable by hand too.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

/** The clipboard API where the page may use it, else a selection copied the old way. */
async function copyText(text: string, block: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!block) return false;
    const range = document.createRange();
    range.selectNodeContents(block);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return document.execCommand('copy');
  }
}

export function CopyBlock({ text }: { text: string }) {
  const { t } = useTranslation();
  const block = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-block">
      <button type="button" className="copy-button" onClick={() => void copyText(text, block.current).then(setCopied)}>
        <Icon name="copy" /> {copied ? t('app.glance.copied') : t('app.glance.copy')}
      </button>
      <pre ref={block} className="copyable" tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}
