import { useState } from 'react';
import { useSession } from '../../session-store';
import { roleHas } from '../../../../app/auth/roles';
import { ReceivablesCalendar } from './Calendar';
import { ExpireCharges } from './ExpireCharges';
import { OpenInstallments } from './OpenInstallments';
import { CustomerStatement } from './Statement';

type Tab = 'abertas' | 'extrato' | 'calendario';

/**
 * Recebíveis (issue 17): the crediário parcelas to receive (overdue list, receiving at the
 * caixa, carnê PDF), a customer's statement, and the acquirers' receivables calendar.
 */
export function PagamentosScreen() {
  const role = useSession((s) => s.status?.user?.role ?? null);
  const [tab, setTab] = useState<Tab>('abertas');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const tabs: [Tab, string][] = [
    ['abertas', 'Crediário a receber'],
    ...(role && roleHas(role, 'customers.manage') ? ([['extrato', 'Extrato do cliente']] as [Tab, string][]) : []),
    ...(role && roleHas(role, 'sales.export') ? ([['calendario', 'Calendário de recebíveis']] as [Tab, string][]) : []),
  ];
  return (
    <div className="pagamentos">
      <div role="tablist" aria-label="Recebíveis" className="tabs">
        {tabs.map(([key, label]) => (
          <button key={key} type="button" role="tab" aria-selected={tab === key} onClick={() => setTab(key)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'abertas' && (
        <OpenInstallments
          onStatement={(id) => {
            setCustomerId(id);
            setTab('extrato');
          }}
        />
      )}
      {tab === 'extrato' && <CustomerStatement customerId={customerId} onCustomer={setCustomerId} />}
      {tab === 'calendario' && <ReceivablesCalendar />}
      {tab === 'abertas' && role && roleHas(role, 'sales.cancel') && <ExpireCharges />}
    </div>
  );
}
