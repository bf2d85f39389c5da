import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { roleHas, type Permission } from '../../../../app/auth/roles';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { useSession } from '../../session-store';
import { AgendaSection } from './AgendaSection';
import { AuditoriaSection } from './AuditoriaSection';
import { BackupSection } from './BackupSection';
import { PrivacidadeSection } from './PrivacidadeSection';
import { CaixasSection } from './CaixasSection';
import { ComissoesSection } from './ComissoesSection';
import { ImportarSection } from './ImportarSection';
import { LojaSection } from './LojaSection';
import { PagamentosSection } from './PagamentosSection';
import { ProdutosSection } from './ProdutosSection';
import { RegrasSection } from './RegrasSection';
import { SincronizacaoSection } from './SincronizacaoSection';
import { UsuariosSection } from './UsuariosSection';
import { VendedoresSection } from './VendedoresSection';
import './configuracoes.css';

type Store = OpOutput<'store.get'>;

const SECTIONS = [
  { key: 'loja', label: 'Loja', needs: ['store.manage'] },
  { key: 'caixas', label: 'Caixas', needs: ['store.manage'] },
  { key: 'produtos', label: 'Produtos', needs: ['catalog.manage', 'stock.manage'] },
  { key: 'vendedores', label: 'Vendedores', needs: ['store.manage'] },
  { key: 'comissoes', label: 'Comissões', needs: ['store.manage'] },
  { key: 'importar', label: 'Importar', needs: ['catalog.manage'] },
  { key: 'usuarios', label: 'Usuários', needs: ['users.manage'] },
  { key: 'regras', label: 'Regras do caixa', needs: ['store.manage'] },
  { key: 'pagamentos', label: 'Taxas e crediário', needs: ['store.manage'] },
  { key: 'sincronizacao', label: 'Sincronização', needs: ['store.manage'] },
  { key: 'agenda', label: 'Agenda', needs: ['agenda.manage'] },
  { key: 'auditoria', label: 'Auditoria', needs: ['audit.view'] },
  { key: 'backup', label: 'Backup', needs: ['backup.manage'] },
  { key: 'privacidade', label: 'Privacidade (LGPD)', needs: ['privacy.manage'] },
] as const satisfies readonly { key: string; label: string; needs: readonly Permission[] }[];

type SectionKey = (typeof SECTIONS)[number]['key'];

/** Everything a new store needs to start selling, one section per tab, each per permission. */
export function ConfiguracoesScreen() {
  const role = useSession((s) => s.status?.user?.role);
  const visible = SECTIONS.filter((s) => role && s.needs.some((p) => roleHas(role, p)));
  const [current, setCurrent] = useState<SectionKey | undefined>(visible[0]?.key);
  const [store, setStore] = useState<Store | null>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const loadStore = useCallback(async () => setStore(await call('store.get', {})), []);
  useEffect(() => {
    void loadStore();
  }, [loadStore]);

  if (!role || visible.length === 0 || !current) {
    return <p className="muted">Seu perfil não tem acesso às configurações.</p>;
  }

  function onTabKey(e: KeyboardEvent, index: number) {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (index + step + visible.length) % visible.length;
    const section = visible[next];
    if (section) setCurrent(section.key);
    tabs.current[next]?.focus();
  }

  return (
    <div className="cfg">
      <div className="cfg-tabs" role="tablist" aria-orientation="vertical" aria-label="Seções das configurações">
        {visible.map((s, i) => (
          <button
            key={s.key}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`cfg-tab-${s.key}`}
            aria-selected={s.key === current}
            aria-controls="cfg-panel"
            tabIndex={s.key === current ? 0 : -1}
            onClick={() => setCurrent(s.key)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <section className="cfg-panel" id="cfg-panel" role="tabpanel" aria-labelledby={`cfg-tab-${current}`}>
        {!store ? (
          <p className="muted">Carregando…</p>
        ) : current === 'loja' ? (
          <LojaSection store={store} onSaved={setStore} />
        ) : current === 'caixas' ? (
          <CaixasSection />
        ) : current === 'produtos' ? (
          <ProdutosSection canEdit={roleHas(role, 'catalog.manage')} canStock={roleHas(role, 'stock.manage')} />
        ) : current === 'vendedores' ? (
          <VendedoresSection storeCode={store.code} />
        ) : current === 'comissoes' ? (
          <ComissoesSection />
        ) : current === 'usuarios' ? (
          <UsuariosSection />
        ) : current === 'regras' ? (
          <RegrasSection />
        ) : current === 'pagamentos' ? (
          <PagamentosSection />
        ) : current === 'sincronizacao' ? (
          <SincronizacaoSection />
        ) : current === 'agenda' ? (
          <AgendaSection />
        ) : current === 'auditoria' ? (
          <AuditoriaSection />
        ) : current === 'backup' ? (
          <BackupSection />
        ) : current === 'privacidade' ? (
          <PrivacidadeSection />
        ) : (
          <ImportarSection />
        )}
      </section>
    </div>
  );
}
