import { useSyncExternalStore } from 'react';

export const SCREENS = [
  { key: 'pdv', label: 'PDV', shortcut: 'F1' },
  { key: 'caixa', label: 'Caixa' },
  { key: 'vendas', label: 'Vendas' },
  { key: 'agenda', label: 'Agenda' },
  { key: 'leads', label: 'Leads' },
  { key: 'clientes', label: 'Clientes' },
  { key: 'dashboard', label: 'Dashboard' },
  { key: 'relatorios', label: 'Relatórios' },
  { key: 'configuracoes', label: 'Configurações' },
] as const;

export type ScreenKey = (typeof SCREENS)[number]['key'];

function current(): ScreenKey {
  const key = window.location.hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.key === key)?.key ?? 'pdv';
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Hash routing: works the same from file:// in Electron and from the browser mode. */
export function useScreen(): ScreenKey {
  return useSyncExternalStore(subscribe, current);
}

export function go(screen: ScreenKey): void {
  window.location.hash = `/${screen}`;
}
