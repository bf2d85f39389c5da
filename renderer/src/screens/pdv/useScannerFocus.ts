import { useEffect, type RefObject } from 'react';

const isTextField = (el: Element | null) =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/**
 * A scanner types wherever the focus is: a printable key typed outside any field (after a click
 * on the page, a button) moves the focus to the product field first, so the code lands there.
 * Off while a dialog is open (`paused`).
 */
export function useScannerFocus(target: RefObject<HTMLInputElement | null>, paused: boolean): void {
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (paused || e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
      if (isTextField(document.activeElement)) return;
      target.current?.focus();
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [target, paused]);
}
