import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { useT } from '../i18n/use-t.ts';
import { TOKEN_BLOCK_SIZE, TokenBlock } from './TokenBlock.tsx';
import { TokenPopover } from './TokenPopover.tsx';
import './tokens.css';

/** Time to move the pointer from a chip onto its popover before the popover goes. */
const HIDE_DELAY_MS = 150;

interface Open {
  readonly position: number;
  readonly anchor: DOMRect;
  readonly by: 'pointer' | 'focus';
}

/**
 * A panel's output as token chips, one tab stop for the whole strip (arrows, Home and End move
 * between chips), and one popover at a time with the details of the chip under the pointer or
 * the focus. Esc closes the popover without stopping the generation.
 */
export function TokenStrip({ tokens, panelNumber }: { readonly tokens: readonly TokenSnapshot[]; readonly panelNumber: number }) {
  const t = useT();
  const popoverId = useId();
  const [open, setOpen] = useState<Open | null>(null);
  const [tabStop, setTabStop] = useState(0);
  const hideTimer = useRef<number | undefined>(undefined);
  const listRef = useRef<HTMLDivElement>(null);

  const cancelHide = useCallback(() => window.clearTimeout(hideTimer.current), []);
  const onShow = useCallback(
    (position: number, chip: HTMLElement, by: 'pointer' | 'focus') => {
      cancelHide();
      if (by === 'focus') setTabStop(position);
      setOpen({ position, anchor: chip.getBoundingClientRect(), by });
    },
    [cancelHide],
  );
  const onHide = useCallback(
    (position: number, by: 'pointer' | 'focus') => {
      cancelHide();
      const close = () => setOpen((current) => (current?.position === position && current.by === by ? null : current));
      if (by === 'focus') close();
      else hideTimer.current = window.setTimeout(close, HIDE_DELAY_MS);
    },
    [cancelHide],
  );
  useEffect(() => cancelHide, [cancelHide]);

  // Esc closes the popover first; preventDefault tells the workspace not to stop the run.
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setOpen(null);
    };
    const close = () => setOpen(null);
    document.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('scroll', close, true);
    window.addEventListener('resize', close);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('scroll', close, true);
      window.removeEventListener('resize', close);
    };
  }, [open]);

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = tokens.length - 1;
    const moves: Readonly<Record<string, number>> = { ArrowRight: tabStop + 1, ArrowDown: tabStop + 1, ArrowLeft: tabStop - 1, ArrowUp: tabStop - 1, Home: 0, End: last };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(last, target));
    listRef.current?.querySelector<HTMLElement>(`[data-position="${next}"]`)?.focus();
  };

  const token = open ? tokens[open.position] : undefined;
  return (
    <>
      <div ref={listRef} role="group" aria-label={t('tokens.list', { n: panelNumber })} className="token-strip" translate="no" onKeyDown={moveFocus}>
        {Array.from({ length: Math.ceil(tokens.length / TOKEN_BLOCK_SIZE) }, (_, block) => (
          <TokenBlock
            key={block}
            tokens={tokens}
            start={block * TOKEN_BLOCK_SIZE}
            openPosition={open?.position ?? null}
            tabStop={Math.min(tabStop, tokens.length - 1)}
            popoverId={popoverId}
            onShow={onShow}
            onHide={onHide}
          />
        ))}
      </div>
      {open && token && (
        <TokenPopover
          id={popoverId}
          token={token}
          anchor={open.anchor}
          onPointerEnter={cancelHide}
          onPointerLeave={() => onHide(open.position, 'pointer')}
        />
      )}
    </>
  );
}
