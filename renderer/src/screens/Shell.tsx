import { useEffect, useState } from 'react';
import { ROLE_LABELS, type Role } from '../../../app/auth/roles';
import { consumeSignIn, go, landingScreen, rememberScreen, screenInHash, screensFor, useScreen } from '../navigation';
import { useSession } from '../session-store';
import { CaixaScreen } from './caixa/CaixaScreen';
import { ConfiguracoesScreen } from './configuracoes/ConfiguracoesScreen';
import { setCartOwner } from './pdv/cart-store';
import { PdvScreen } from './pdv/PdvScreen';
import { VendasScreen } from './vendas/VendasScreen';
import { PagamentosScreen } from './pagamentos/PagamentosScreen';
import { AgendaScreen } from './agenda/AgendaScreen';
import { LeadsScreen } from './leads/LeadsScreen';
import { RelatoriosScreen } from './relatorios/RelatoriosScreen';
import { DashboardScreen } from './dashboard/DashboardScreen';
import { ClientesScreen } from './clientes/ClientesScreen';
import { useHotkeys } from './pdv/useHotkeys';

interface ShellProps {
  user: { id: string; name: string; role: Role };
  storeName: string;
}

/**
 * The signed-in frame: a menu of the screens that exist and the role may open, and the screen.
 * The cart and the screen belong to the user at this register: a new login lands on that user's
 * own last screen with that user's own cart, never on the previous user's.
 */
export function Shell({ user, storeName }: ShellProps) {
  const screen = useScreen();
  const logout = useSession((s) => s.logout);
  const register = useSession((s) => s.status?.register ?? null);
  const registerId = register?.id ?? null;
  const allowed = screensFor(user.role);
  const current = allowed.find((s) => s.key === screen);
  const owner = `${user.id}@${registerId ?? ''}`;
  const [ready, setReady] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const landing = landingScreen(user.id, registerId, user.role);
    // An address typed or reloaded is kept when the role may open it; a login in this window
    // lands on this user's own last screen, whatever the previous user left in the address.
    const fromHash = screenInHash();
    const keep = !consumeSignIn() && fromHash !== null && allowed.some((s) => s.key === fromHash);
    if (!keep && landing) go(landing);
    void setCartOwner(user.id, registerId).then(() => live && setReady(owner));
    return () => {
      live = false;
    };
  }, [owner]);

  useEffect(() => {
    if (ready === owner && current) rememberScreen(user.id, registerId, current.key);
  }, [ready, owner, current, user.id, registerId]);

  const may = (key: string) => allowed.some((s) => s.key === key);
  useHotkeys({
    F1: () => may('pdv') && !document.querySelector('[role="dialog"]') && go('pdv'),
    F9: () => may('caixa') && !document.querySelector('[role="dialog"]') && go('caixa'),
  });

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Navegação principal">
        <div className="brand">Balcão</div>
        <div className="store-name">{storeName}</div>
        {register && <div className="register-name">{register.name}</div>}
        <ul>
          {allowed.map((s) => (
            <li key={s.key}>
              <a href={`#/${s.key}`} aria-current={s.key === screen ? 'page' : undefined} onClick={() => go(s.key)}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="user">
          <span>{user.name}</span>
          <small>{ROLE_LABELS[user.role]}</small>
          <button type="button" className="link" onClick={() => void logout()}>
            Sair
          </button>
        </div>
      </nav>
      <main className="content">
        {ready !== owner ? (
          <p className="muted">Carregando…</p>
        ) : !current ? (
          <p className="muted" role="status">
            {allowed.length === 0
              ? 'Seu perfil não tem telas neste computador. Fale com o dono da loja.'
              : 'Você não tem acesso a esta tela.'}
          </p>
        ) : (
          <>
            <h1>{current.label}</h1>
            {current.key === 'pdv' ? (
              <PdvScreen key={`pdv-${owner}`} />
            ) : current.key === 'caixa' ? (
              <CaixaScreen key={`caixa-${owner}`} />
            ) : current.key === 'vendas' ? (
              <VendasScreen key="vendas" />
            ) : current.key === 'pagamentos' ? (
              <PagamentosScreen key="pagamentos" />
            ) : current.key === 'agenda' ? (
              <AgendaScreen key={`agenda-${owner}`} />
            ) : current.key === 'leads' ? (
              <LeadsScreen key="leads" />
            ) : current.key === 'relatorios' ? (
              <RelatoriosScreen key="relatorios" />
            ) : current.key === 'dashboard' ? (
              <DashboardScreen key="dashboard" />
            ) : current.key === 'clientes' ? (
              <ClientesScreen key="clientes" />
            ) : (
              <ConfiguracoesScreen key="configuracoes" />
            )}
          </>
        )}
      </main>
    </div>
  );
}
