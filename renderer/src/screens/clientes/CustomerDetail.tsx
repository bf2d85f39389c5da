import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { Dialog } from '../../components/Dialog';
import { formatMoney } from '../../format';
import { STATUS_LABELS as APPOINTMENT_LABELS } from '../agenda/labels';
import { formatDate, formatMinute } from '../dashboard/period';
import { STATUS_LABELS as SALE_LABELS } from '../vendas/labels';
import '../dashboard/dashboard.css';

type Detail = OpOutput<'analytics.customer'>;

const LEAD_ORIGINS: Record<string, string> = {
  instagram: 'Instagram',
  google: 'Google',
  indicacao: 'Indicação',
  whatsapp: 'WhatsApp',
  site: 'Site',
  facebook: 'Facebook',
};

/**
 * One customer's analytics: RFM scores and segment, CLV, loyalty points, lead origin, segment
 * history (monthly runs), purchases, appointments and packages.
 */
export function CustomerDetail({
  customerId,
  asOf,
  timeZone,
  onClose,
}: {
  customerId: string;
  asOf: string | null;
  timeZone: string;
  onClose: () => void;
}) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('analytics.customer', { customer_id: customerId, ...(asOf ? { as_of: asOf } : {}) }).then(
      setDetail,
      (e: unknown) => setError(errorOf(e).message),
    );
  }, [customerId, asOf]);

  return (
    <Dialog title={detail ? `Cliente: ${detail.name}` : 'Cliente'} onClose={onClose} wide>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!detail && !error && <p className="muted">Carregando…</p>}
      {detail && (
        <div className="customer-detail">
          <dl className="customer-summary">
            <div>
              <dt>Segmento</dt>
              <dd data-testid="customer-segment">{detail.segment_label}</dd>
            </div>
            {detail.rfm && (
              <div>
                <dt>R · F · M</dt>
                <dd>
                  {detail.rfm.r} · {detail.rfm.f} · {detail.rfm.m}
                </dd>
              </div>
            )}
            <div>
              <dt>Última compra</dt>
              <dd>{detail.rfm ? `há ${detail.rfm.recency_days} dias` : '—'}</dd>
            </div>
            <div>
              <dt>Compras (12 meses)</dt>
              <dd>{detail.rfm?.frequency ?? 0}</dd>
            </div>
            <div>
              <dt>Valor (12 meses)</dt>
              <dd>{formatMoney(detail.rfm?.monetary ?? 0)}</dd>
            </div>
            <div>
              <dt>CLV</dt>
              <dd>{formatMoney(detail.clv)}</dd>
            </div>
            <div>
              <dt>Pontos de fidelidade</dt>
              <dd data-testid="customer-points">{detail.loyalty_points.toLocaleString('pt-BR')}</dd>
            </div>
            {detail.lead_origin !== null && (
              <div>
                <dt>Origem (lead)</dt>
                <dd>{LEAD_ORIGINS[detail.lead_origin] ?? detail.lead_origin}</dd>
              </div>
            )}
            {(detail.phone || detail.email) && (
              <div>
                <dt>Contato</dt>
                <dd className="contact">{[detail.phone, detail.email].filter(Boolean).join(' · ')}</dd>
              </div>
            )}
          </dl>

          <h3>Histórico de segmentos</h3>
          {detail.segment_history.length === 0 ? (
            <p className="muted">Nenhum mês fechado calculado ainda.</p>
          ) : (
            <table className="numbers-table" aria-label="Histórico de segmentos">
              <thead>
                <tr>
                  <th>Mês</th>
                  <th>Segmento</th>
                  <th>R · F · M</th>
                </tr>
              </thead>
              <tbody>
                {detail.segment_history.map((h) => (
                  <tr key={h.as_of}>
                    <th scope="row">{h.as_of.slice(5, 7) + '/' + h.as_of.slice(0, 4)}</th>
                    <td>{h.label}</td>
                    <td>
                      {h.r} · {h.f} · {h.m}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3>Compras</h3>
          {detail.purchases.length === 0 ? (
            <p className="muted">Nenhuma compra.</p>
          ) : (
            <div className="numbers-scroll">
              <table className="numbers-table" aria-label="Compras do cliente">
                <thead>
                  <tr>
                    <th>Data</th>
                    <th>Número</th>
                    <th>Loja</th>
                    <th>Status</th>
                    <th>Total</th>
                    <th>Líquido</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.purchases.map((p) => (
                    <tr key={p.sale_id}>
                      <th scope="row">{formatDate(p.local_date)}</th>
                      <td>{p.number}</td>
                      <td>{p.location}</td>
                      <td>{SALE_LABELS[p.status as keyof typeof SALE_LABELS] ?? p.status}</td>
                      <td>{formatMoney(p.total_cents)}</td>
                      <td>{formatMoney(p.net_cents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {detail.appointments && (
            <>
              <h3>Agendamentos</h3>
              {detail.appointments.length === 0 ? (
                <p className="muted">Nenhum agendamento.</p>
              ) : (
                <ul className="customer-list">
                  {detail.appointments.slice(0, 20).map((a) => (
                    <li key={a.starts_at + a.procedure}>
                      {formatMinute(a.starts_at, timeZone)} — {a.procedure} (
                      {APPOINTMENT_LABELS[a.status as keyof typeof APPOINTMENT_LABELS] ?? a.status})
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {detail.packages && detail.packages.length > 0 && (
            <>
              <h3>Pacotes</h3>
              <ul className="customer-list">
                {detail.packages.map((p) => (
                  <li key={p.procedure}>
                    {p.procedure}: saldo de {p.sessions} {p.sessions === 1 ? 'sessão' : 'sessões'}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
