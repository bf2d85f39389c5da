import { useSyncExternalStore } from 'react';
import { roleHas, type Permission, type Role } from '../../app/auth/roles';

/**
 * The screens that exist, each with the permissions that open it (any of them). Navigation
 * lists only these, and only those the role may open; a screen arrives here when it is built.
 */
export const SCREENS = [
  { key: 'pdv', label: 'PDV', shortcut: 'F1', needs: ['sales.register'] },
  { key: 'caixa', label: 'Caixa', shortcut: 'F9', needs: ['cash.operate'] },
  { key: 'vendas', label: 'Vendas', needs: ['sales.view'] },
  { key: 'pagamentos', label: 'Recebíveis', needs: ['sales.view'] },
  { key: 'agenda', label: 'Agenda', needs: ['agenda.view'] },
  { key: 'leads', label: 'Leads', needs: ['leads.view'] },
  { key: 'relatorios', label: 'Relatórios', needs: ['reports.view'] },
  { key: 'dashboard', label: 'Dashboard', needs: ['analytics.view'] },
  { key: 'clientes', label: 'Clientes', needs: ['analytics.view'] },
  {
    key: 'configuracoes',
    label: 'Configurações',
    needs: ['store.manage', 'catalog.manage', 'stock.manage', 'users.manage'],
  },
] as const satisfies readonly { key: string; label: string; shortcut?: string; needs: readonly Permission[] }[];

export type ScreenKey = (typeof SCREENS)[number]['key'];
export type ScreenDef = (typeof SCREENS)[number];

/** The screens `role` may open, in menu order. */
export function screensFor(role: Role): ScreenDef[] {
  return SCREENS.filter((s) => s.needs.some((p: Permission) => roleHas(role, p)));
}

/** The screen named by the address, or null when the address names none. */
export function screenInHash(): ScreenKey | null {
  const key = window.location.hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.key === key)?.key ?? null;
}

function current(): ScreenKey {
  return screenInHash() ?? 'pdv';
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

const screenKey = (userId: string, registerId: string | null) => `balcao.screen.${userId}.${registerId ?? 'none'}`;

/** Remembers the screen this user last used at this register. */
export function rememberScreen(userId: string, registerId: string | null, screen: ScreenKey): void {
  localStorage.setItem(screenKey(userId, registerId), screen);
}

/**
 * The screen a user lands on after login: the one they last used at this register when their
 * role still opens it, else the first they may open; never the previous user's screen.
 */
export function landingScreen(userId: string, registerId: string | null, role: Role): ScreenKey | null {
  const allowed = screensFor(role);
  const saved = localStorage.getItem(screenKey(userId, registerId));
  return allowed.find((s) => s.key === saved)?.key ?? allowed[0]?.key ?? null;
}

let signedOutSeen = false;

/** Called while the login (or first-run) screen is shown: the next Shell is a fresh sign-in. */
export function markSignedOut(): void {
  signedOutSeen = true;
}

/** True once after a sign-in happened in this window (not after a reload of a signed-in one). */
export function consumeSignIn(): boolean {
  const was = signedOutSeen;
  signedOutSeen = false;
  return was;
}
