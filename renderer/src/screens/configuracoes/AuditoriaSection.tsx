import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { countOf, formatDateTime } from '../../format';

type Page = OpOutput<'audit.list'>;
type Row = Page['rows'][number];
type Verdict = OpOutput<'audit.verify'>;

interface Filters {
  user_id: string;
  operation: string;
  record: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { user_id: '', operation: '', record: '', from: '', to: '' };
const PAGE = 100;

/** A local calendar day (AAAA-MM-DD) as the ISO instant of its first moment on this computer. */
function dayStart(day: string, plusDays = 0): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function query(f: Filters, offset: number) {
  return {
    user_id: f.user_id || undefined,
    operation: f.operation.trim() || undefined,
    record: f.record.trim() || undefined,
    from: f.from ? dayStart(f.from) : undefined,
    to: f.to ? dayStart(f.to, 1) : undefined,
    limit: PAGE,
    offset,
  };
}

/** One line per written row: table, id, and which columns changed (values already masked). */
function summary(row: Row): string {
  return row.changes
    .map(
      (c) =>
        `${c.op === 'insert' ? '+' : '~'} ${c.t}${
          c.op === 'update' && c.after
            ? ` (${Object.keys(c.after)
                .filter((k) => k !== 'updated_at')
                .join(', ')})`
            : ''
        }`,
    )
    .join('; ');
}

/**
 * Configurações → Auditoria (permission `audit.view`): the audit trail newest first, filtered by
 * user, operation (exact or a prefix such as "sales."), record id and period, 100 rows a page;
 * "Conferir integridade" runs `audit.verify` on the hash chain.
 */
export function AuditoriaSection() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setPage(await call('audit.list', query(applied, offset)));
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [applied, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setOffset(0);
    setApplied(filters);
  }
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [key]: e.target.value });

  return (
    <div className="cfg-form panel" aria-label="Auditoria">
      <h2>Auditoria</h2>
      <form className="cfg-row" onSubmit={onSubmit} aria-label="Filtros da auditoria">
        <label>
          Usuário
          <select value={filters.user_id} onChange={set('user_id')}>
            <option value="">Todos</option>
            {page?.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Operação
          <input
            value={filters.operation}
            onChange={set('operation')}
            placeholder="ex.: sales. ou customers.upsert"
            maxLength={120}
          />
        </label>
        <label>
          Registro
          <input value={filters.record} onChange={set('record')} placeholder="código do registro" maxLength={100} />
        </label>
        <label>
          De
          <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          Até
          <input type="date" value={filters.to} onChange={set('to')} />
        </label>
        <button type="submit">Filtrar</button>
        <button type="button" onClick={() => void call('audit.verify', {}).then(setVerdict)}>
          Conferir integridade
        </button>
      </form>
      {verdict && (
        <p role="status" className={verdict.ok ? 'ok' : 'error'}>
          {verdict.ok
            ? `Trilha íntegra: ${countOf(verdict.rows, 'registro')} conferidos.`
            : `Trilha alterada: o registro nº ${verdict.first_bad_row} da cadeia não confere.`}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!page ? (
        <p className="muted">Carregando…</p>
      ) : (
        <>
          <p className="muted">{countOf(page.total, 'registro')}</p>
          <table className="cfg-table" aria-label="Trilha de auditoria">
            <thead>
              <tr>
                <th>Quando</th>
                <th>Usuário</th>
                <th>Operação</th>
                <th>Registro</th>
                <th>Aprovado por</th>
                <th>Alterações</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.occurred_at)}</td>
                  <td>{r.user_name ?? (r.role === 'system' ? 'Sistema' : '—')}</td>
                  <td>
                    {r.operation}
                    {r.kind === 'read' ? ' (consulta)' : ''}
                  </td>
                  <td>{r.record_id ? `${r.record_table ?? ''} ${r.record_id}` : '—'}</td>
                  <td>{r.approved_by_name ?? '—'}</td>
                  <td>{summary(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="cfg-row">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Anteriores
            </button>
            <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
              Próximos
            </button>
          </div>
        </>
      )}
    </div>
  );
}
