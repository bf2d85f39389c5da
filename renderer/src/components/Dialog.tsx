import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /**
   * Keys the dialog answers wherever the focus is (also when it fell to the page, e.g. after the
   * clicked button was removed). Called before the dialog's own Esc/Tab handling.
   */
  onKey?: (e: KeyboardEvent) => void;
}

const FOCUSABLE =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** Open dialogs, the newest last: only the topmost answers the keyboard. */
const stack: HTMLElement[] = [];

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/** The element a dialog gives the focus to: [data-autofocus], else its first field or button. */
export function focusInto(root: HTMLElement): void {
  const first = root.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(root)[0] ?? root;
  first.focus();
}

/**
 * A modal that takes the focus on open, keeps it inside (Tab cycles; a key pressed while the
 * focus fell out, e.g. after the clicked button was removed, brings it back) and closes on Esc
 * wherever the focus is. On close the focus returns to where it was when nothing else took it.
 */
export function Dialog({ title, onClose, children, wide, onKey }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef({ onClose, onKey });
  latest.current = { onClose, onKey };

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stack.push(root);
    focusInto(root);
    function onKeyDown(e: KeyboardEvent) {
      if (stack[stack.length - 1] !== root || !root) return;
      const inside = e.target instanceof Node && root.contains(e.target);
      latest.current.onKey?.(e);
      if (e.defaultPrevented) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        latest.current.onClose();
      } else if (e.key === 'Tab') {
        const list = focusables(root);
        const at = list.indexOf(document.activeElement as HTMLElement);
        const next = !inside || at < 0 ? 0 : (at + (e.shiftKey ? -1 : 1) + list.length) % list.length;
        e.preventDefault();
        (list[next] ?? root).focus();
      } else if (!inside) {
        focusInto(root);
      }
    }
    // Capture on the window: runs before any handler of the page, wherever the focus is.
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      stack.splice(stack.indexOf(root), 1);
      // Closed with the focus inside (now gone): back to where it was, unless the page moved it.
      setTimeout(() => {
        const lost = !document.activeElement || document.activeElement === document.body;
        if (lost && before?.isConnected) before.focus();
      }, 0);
    };
  }, []);

  // Keeps React handlers below (a cell editor's Esc) from also closing the page's own things.
  const stopEscape = (e: ReactKeyboardEvent) => {
    if (e.key === 'Escape') e.stopPropagation();
  };

  return (
    <div className="backdrop">
      <div
        ref={ref}
        className={wide ? 'dialog wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        onKeyDown={stopEscape}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
