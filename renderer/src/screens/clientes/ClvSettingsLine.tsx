import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { formatBp } from '../../format';
import { formatDate } from '../dashboard/period';
import type { ClvSettings } from './useCustomerPages';

const DEFAULTS: ClvSettings = { lifespan_years: 3, margin_bp: 3000 };

/**
 * How CLV is computed, with the assumptions in use (defaults: 3 years, 30%) and, for roles that
 * may see margins, a small form to change them (`analytics.update_clv_settings`).
 */
export function ClvSettingsLine({
  settings,
  asOf,
  canEdit,
  onSaved,
}: {
  settings: ClvSettings;
  asOf: string | null;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [years, setYears] = useState(String(settings.lifespan_years));
  const [margin, setMargin] = useState(String(settings.margin_bp / 100).replace('.', ','));
  const [error, setError] = useState<string | null>(null);
  const isDefault = settings.lifespan_years === DEFAULTS.lifespan_years && settings.margin_bp === DEFAULTS.margin_bp;

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const lifespan = Number(years);
    const pct = margin.trim().replace(',', '.');
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(pct) || !Number.isInteger(lifespan)) {
      setError('Informe a vida útil em anos inteiros e a margem em %, ex.: 30 ou 27,5.');
      return;
    }
    const [whole = '0', frac = ''] = pct.split('.');
    const marginBp = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
    try {
      await call('analytics.update_clv_settings', { lifespan_years: lifespan, margin_bp: marginBp });
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(errorOf(err).message);
    }
  }

  return (
    <div className="clv-line" aria-label="Como o CLV é calculado">
      <span>
        Valores dos últimos 12 meses{asOf ? ` até ${formatDate(asOf)}` : ''}. CLV = ticket médio × compras por ano ×
        vida útil de <strong>{settings.lifespan_years} anos</strong> × margem de{' '}
        <strong>{formatBp(settings.margin_bp)}</strong>
        {isDefault ? ' (padrões)' : ''}.
      </span>
      {canEdit && !editing && (
        <button type="button" className="link" onClick={() => setEditing(true)}>
          Alterar premissas
        </button>
      )}
      {editing && (
        <form className="clv-form" onSubmit={(e) => void save(e)}>
          <label>
            Vida útil (anos){' '}
            <input inputMode="numeric" size={3} value={years} onChange={(e) => setYears(e.target.value)} />
          </label>
          <label>
            Margem (%) <input inputMode="decimal" size={5} value={margin} onChange={(e) => setMargin(e.target.value)} />
          </label>
          <button type="submit">Salvar</button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancelar
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
