import { useState } from 'react';
import { roleHas } from '../../../../app/auth/roles';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { useSession } from '../../session-store';
import { downloadText, exportInput } from './export';
import type { SalesQueryInput } from './filters';

/**
 * "Exportar CSV" for roles with `sales.export` (owner, manager): the list's filtered sales as the
 * CSV `sales.export` builds (`;`, decimal comma, BOM), downloaded as its `filename`. Hidden for
 * other roles; the operation checks the permission again. A refusal (e.g. `export_too_large`)
 * is shown beside the button.
 */
export function ExportButton({ query }: { query: SalesQueryInput | null }) {
  const role = useSession((s) => s.status?.user?.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!role || !roleHas(role, 'sales.export')) return null;

  async function onExport() {
    if (!query) return;
    setBusy(true);
    setError('');
    try {
      const file = await call('sales.export', exportInput(query));
      downloadText(file.filename, file.csv);
    } catch (err) {
      setError(errorOf(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="vendas-export">
      <button type="button" onClick={() => void onExport()} disabled={busy || !query}>
        {busy ? 'Exportando…' : 'Exportar CSV'}
      </button>
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
