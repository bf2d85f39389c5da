import { useState } from 'react';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import type { OpInput, OpOutput } from '../../../../app/contract/operations';
import { fileToBase64 } from './leads-api';

type Result = OpOutput<'leads.import'>;
type Field = NonNullable<OpInput<'leads.import'>['map']>[string];
const FIELD_LABELS: Record<Field, string> = {
  external_id: 'Código',
  name: 'Nome',
  phone: 'Telefone',
  email: 'E-mail',
  origin: 'Origem',
  interest: 'Interesse',
  notes: 'Observações',
  tags: 'Etiquetas',
  owner: 'Responsável',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  created_at: 'Data de criação',
  ignore: '(ignorar)',
};
const IMPORT_FIELDS = Object.keys(FIELD_LABELS) as Field[];

/** Import wizard: file → mapping and preview (a dry run) → import → rejected-row report. */
export function ImportWizard({ onImported }: { onImported: () => void }) {
  const [content, setContent] = useState<string | null>(null);
  const [map, setMap] = useState<Record<string, Field>>({});
  const [onDuplicate, setOnDuplicate] = useState<'skip' | 'merge'>('skip');
  const [preview, setPreview] = useState<Result | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function check(base64: string, nextMap: Record<string, Field>) {
    setError(null);
    try {
      setPreview(
        await call('leads.import', {
          content: base64,
          encoding: 'base64',
          map: nextMap,
          dry_run: true,
          preview: 10,
          on_duplicate: onDuplicate,
        }),
      );
    } catch (e) {
      setPreview(null);
      setError(errorOf(e).message);
    }
  }
  async function run() {
    if (!content) return;
    setError(null);
    try {
      setDone(await call('leads.import', { content, encoding: 'base64', map, on_duplicate: onDuplicate }));
      onImported();
    } catch (e) {
      setError(errorOf(e).message);
    }
  }
  const report = done ?? preview;
  return (
    <section className="lead-import" aria-label="Importar leads">
      <label className="field">
        <span>Arquivo CSV (Excel: ; e acentos do Windows são aceitos)</span>
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0];
            setDone(null);
            if (file) void fileToBase64(file).then((b) => (setContent(b), setMap({}), check(b, {})));
          }}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preview && !done && (
        <>
          <h3>Colunas</h3>
          <table className="lead-table">
            <tbody>
              {preview.columns.map((c) => (
                <tr key={c.header}>
                  <td>{c.header}</td>
                  <td>
                    <select
                      aria-label={`Campo da coluna ${c.header}`}
                      value={c.field}
                      onChange={(e) => {
                        const next = { ...map, [c.header]: e.target.value as Field };
                        setMap(next);
                        if (content) void check(content, next);
                      }}
                    >
                      {IMPORT_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {FIELD_LABELS[f]}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Prévia</h3>
          <table className="lead-table" aria-label="Prévia da importação">
            <thead>
              <tr>
                <th>Linha</th>
                <th>Nome</th>
                <th>Telefone</th>
                <th>E-mail</th>
                <th>Origem</th>
                <th>Duplicado</th>
              </tr>
            </thead>
            <tbody>
              {preview.preview.map((p) => (
                <tr key={p.line}>
                  <td>{p.line}</td>
                  <td>{p.name}</td>
                  <td>{p.phone ?? ''}</td>
                  <td>{p.email ?? ''}</td>
                  <td>{p.origin}</td>
                  <td>{p.duplicate ? 'sim' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="field">
            <span>Duplicados</span>
            <select value={onDuplicate} onChange={(e) => setOnDuplicate(e.target.value as 'skip' | 'merge')}>
              <option value="skip">Pular</option>
              <option value="merge">Unir ao lead existente</option>
            </select>
          </label>
          <button type="button" className="primary" onClick={() => void run()}>
            Importar {preview.imported} leads
          </button>
        </>
      )}
      {report && (
        <div className="lead-import-report" role="status">
          <p>
            {done ? 'Importados' : 'A importar'}: {report.imported} · Duplicados: {report.duplicates} · Rejeitados:{' '}
            {report.rejected.length}
          </p>
          {report.rejected.length > 0 && (
            <table className="lead-table" aria-label="Linhas rejeitadas">
              <thead>
                <tr>
                  <th>Linha</th>
                  <th>Código</th>
                  <th>Mensagem</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.slice(0, 500).map((r) => (
                  <tr key={`${r.line}-${r.code}`}>
                    <td>{r.line}</td>
                    <td>{r.code}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
