import { useEffect, useRef } from 'react';

/** Window-level function keys; the latest handlers win without re-subscribing. */
export function useHotkeys(map: Record<string, () => void>, enabled = true): void {
  const latest = useRef(map);
  latest.current = map;
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(e: KeyboardEvent) {
      const handler = latest.current[e.key];
      if (!handler) return;
      e.preventDefault();
      handler();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
