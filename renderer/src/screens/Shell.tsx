import { ROLE_LABELS, type Role } from '../../../app/auth/roles';
import { SCREENS, go, useScreen } from '../navigation';
import { useSession } from '../session-store';
import { CaixaScreen } from './caixa/CaixaScreen';
import { ConfiguracoesScreen } from './configuracoes/ConfiguracoesScreen';
import { PdvScreen } from './pdv/PdvScreen';
import { VendasScreen } from './vendas/VendasScreen';
import { useHotkeys } from './pdv/useHotkeys';

interface ShellProps {
  user: { name: string; role: Role };
  storeName: string;
}

export function Shell({ user, storeName }: ShellProps) {
  const screen = useScreen();
  const logout = useSession((s) => s.logout);
  const current = SCREENS.find((s) => s.key === screen) ?? SCREENS[0];
  useHotkeys({ F1: () => go('pdv'), F9: () => go('caixa') });

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Navegação principal">
        <div className="brand">Balcão</div>
        <div className="store-name">{storeName}</div>
        <ul>
          {SCREENS.map((s) => (
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
        <h1>{current.label}</h1>
        {screen === 'pdv' ? (
          <PdvScreen key="pdv" />
        ) : screen === 'caixa' ? (
          <CaixaScreen key="caixa" />
        ) : screen === 'vendas' ? (
          <VendasScreen key="vendas" />
        ) : screen === 'configuracoes' ? (
          <ConfiguracoesScreen key="configuracoes" />
        ) : (
          <p className="muted">Esta tela chega em breve.</p>
        )}
      </main>
    </div>
  );
}
