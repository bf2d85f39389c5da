import { useState } from 'react';
import type { OpInput } from '../../../../app/contract/operations';
import { invoke } from '../../api';
import { Dialog } from '../../components/Dialog';
import { formatMoney, METHOD_LABELS } from '../../format';
import { localHm } from './agenda-time';
import { STATUS_LABELS, type Appointment } from './labels';
import { PatientAgenda } from './PatientAgenda';
import { PatientTrust } from './PatientTrust';

type Status = Appointment['status'];
type Method = OpInput<'agenda.checkout'>['method'];
const METHODS: Method[] = ['dinheiro', 'pix', 'cartao_credito', 'cartao_debito'];

/** The next statuses offered for a booking (the core checks the machine again). */
const NEXT: Record<Status, { to: Status; label: string }[]> = {
  pendente: [{ to: 'confirmado', label: 'Confirmar' }],
  confirmado: [{ to: 'em_atendimento', label: 'Iniciar atendimento' }],
  em_atendimento: [{ to: 'realizado', label: 'Realizado' }],
  realizado: [],
  cancelado: [],
  faltou: [],
};

interface AppointmentDialogProps {
  appointment: Appointment;
  canCheckout: boolean;
  onChanged: () => void;
  onClose: () => void;
}

/** A booking: confirm, start, realize, check out at the caixa, cancel with a reason, no-show. */
export function AppointmentDialog({ appointment: a, canCheckout, onChanged, onClose }: AppointmentDialogProps) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [by, setBy] = useState<'clinica' | 'paciente'>('paciente');
  const [method, setMethod] = useState<Method>('pix');
  const open = a.status === 'pendente' || a.status === 'confirmado' || a.status === 'em_atendimento';
  const started = Date.parse(a.start) <= Date.now();

  async function update(input: Omit<OpInput<'agenda.update'>, 'external_id'>) {
    const r = await invoke('agenda.update', { external_id: a.external_id, ...input });
    if (r.ok) onChanged();
    else setError(r.error.message);
  }

  async function checkout() {
    const r = await invoke('agenda.checkout', { external_id: a.external_id, method });
    if (!r.ok) return setError(r.error.message);
    setDone(`Venda ${r.value.sale.number} registrada: ${formatMoney(r.value.sale.total_cents)}.`);
    onChanged();
  }

  return (
    <Dialog title={`${a.patient} — ${a.procedure}`} onClose={onClose} wide>
      <div className="agenda-detail">
        <p>
          {a.start.slice(8, 10)}/{a.start.slice(5, 7)} {localHm(a.start)}–{localHm(a.end)} com {a.professional} ·{' '}
          <strong>{STATUS_LABELS[a.status]}</strong> · {formatMoney(a.price_cents)}
          {a.late_cancel ? ' · cancelado em cima da hora' : ''}
          {a.cancel_reason ? ` · motivo: ${a.cancel_reason}` : ''}
        </p>
        {a.phone && <p className="muted">Telefone: {a.phone}</p>}
        <div className="agenda-actions">
          {NEXT[a.status].map((n) => (
            <button
              key={n.to}
              type="button"
              className="primary"
              data-autofocus
              onClick={() => void update({ status: n.to })}
            >
              {n.label}
            </button>
          ))}
          {open && started && a.status !== 'em_atendimento' && (
            <button type="button" onClick={() => void update({ status: 'faltou' })}>
              Faltou
            </button>
          )}
          {open && (
            <button type="button" onClick={() => setCancelling(true)}>
              Cancelar agendamento
            </button>
          )}
        </div>
        {cancelling && (
          <div className="agenda-cancel">
            <label className="field">
              <span>Motivo do cancelamento</span>
              <input value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
            </label>
            <label className="field">
              <span>Quem cancelou</span>
              <select value={by} onChange={(e) => setBy(e.target.value === 'clinica' ? 'clinica' : 'paciente')}>
                <option value="paciente">Paciente</option>
                <option value="clinica">Clínica</option>
              </select>
            </label>
            <button type="button" onClick={() => void update({ status: 'cancelado', reason, cancelled_by: by })}>
              Confirmar cancelamento
            </button>
          </div>
        )}
        {a.status === 'realizado' && !a.sale_id && !a.covered_by_package && canCheckout && !done && (
          <div className="agenda-checkout">
            <label className="field">
              <span>Forma de pagamento</span>
              <select value={method} onChange={(e) => setMethod(e.target.value as Method)} data-autofocus>
                {METHODS.map((m) => (
                  <option key={m} value={m}>
                    {METHOD_LABELS[m]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="primary" onClick={() => void checkout()}>
              Fechar conta no caixa ({formatMoney(a.price_cents)})
            </button>
          </div>
        )}
        {a.covered_by_package && <p className="muted">Pago com uma sessão do pacote do paciente.</p>}
        {a.sale_id && !done && <p className="muted">Conta fechada no caixa.</p>}
        {done && (
          <p role="status" className="agenda-done">
            {done}
          </p>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <PatientAgenda customerId={a.customer_id} />
        <PatientTrust customerId={a.customer_id} />
      </div>
    </Dialog>
  );
}
