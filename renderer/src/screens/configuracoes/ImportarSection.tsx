import { useState, type FormEvent } from 'react';
import { SCREEN_COLUMNS } from '../../../../app/catalog/import-columns';
import type { OpInput, OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { formatMoney } from '../../format';
import { bytesToBase64 } from './config-util';
import { SelectField } from './SelectField';

type Result = OpOutput<'catalog.import'>;
type Outcome = { kind: 'done'; result: Result } | { kind: 'refused'; message: string; errors: string[] };
type Delimiter = NonNullable<OpInput<'catalog.import'>['delimiter']>;

const COLUMNS_HELP = `Colunas reconhecidas: ${SCREEN_COLUMNS.map(([label, hint]) => (hint ? `${label} ${hint}` : label)).join(', ')}.`;

const DELIMITERS = [
  ['auto', 'Automático (pelo cabeçalho)'],
  [';', 'Ponto e vírgula (;)'],
  [',', 'Vírgula (,)'],
  ['\t', 'Tabulação'],
] as const;

/** The file as the operation takes it: bytes in base64 (the core decodes CSV as UTF-8 or Windows-1252). */
async function readFile(file: File): Promise<{ format: 'csv' | 'xlsx'; content: string; encoding: 'base64' } | string> {
  const name = file.name.toLowerCase();
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (name.endsWith('.xlsx')) return { format: 'xlsx', content: bytesToBase64(bytes), encoding: 'base64' };
  if (name.endsWith('.csv') || name.endsWith('.txt')) {
    return { format: 'csv', content: bytesToBase64(bytes), encoding: 'base64' };
  }
  return 'Use um arquivo .csv ou .xlsx (planilhas .xls antigas: salve como .xlsx).';
}

function summary(r: Result): string {
  const parts = [
    `${r.created} ${r.created === 1 ? 'produto novo' : 'produtos novos'}`,
    `${r.updated} ${r.updated === 1 ? 'atualizado' : 'atualizados'}`,
  ];
  if (r.stock_received > 0) parts.push(`estoque inicial em ${r.stock_received}`);
  const text = parts.join(', ');
  return r.dry_run ? `Verificação sem erros: ${text} ao importar.` : `Importação concluída: ${text}.`;
}

/** A product list from a spreadsheet: checked whole, imported all or nothing. */
export function ImportarSection() {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [delimiter, setDelimiter] = useState<Delimiter | 'auto'>('auto');

  async function run(dryRun: boolean) {
    setOutcome(null);
    if (!file) return setFileError('Escolha o arquivo da planilha.');
    const read = await readFile(file);
    if (typeof read === 'string') return setFileError(read);
    setFileError('');
    setBusy(true);
    try {
      const input = { ...read, dry_run: dryRun, ...(delimiter === 'auto' ? {} : { delimiter }) };
      setOutcome({ kind: 'done', result: await call('catalog.import', input) });
    } catch (e) {
      const error = errorOf(e);
      const errors = (error.error.details?.errors as string[] | undefined) ?? [];
      setOutcome({ kind: 'refused', message: error.message, errors });
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void run(false);
  }

  return (
    <form className="cfg-form" onSubmit={onSubmit} aria-label="Importar produtos">
      <h2>Importar produtos</h2>
      <p className="muted">{COLUMNS_HELP}</p>
      <p className="muted">
        Preços como 12,34 ou 12.34. Se alguma linha tiver erro, nada é importado. O estoque só é lançado para produtos
        novos (como entrada de mercadoria).
      </p>
      <label className="field" htmlFor="import-file">
        <span>Arquivo da planilha (CSV ou XLSX)</span>
        <input
          id="import-file"
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setOutcome(null);
          }}
        />
        {fileError && (
          <small className="field-error" role="alert">
            {fileError}
          </small>
        )}
      </label>
      <SelectField
        label="Separador de colunas (CSV)"
        name="delimiter"
        options={DELIMITERS}
        value={delimiter}
        onChange={(e) => {
          setDelimiter(e.target.value as Delimiter | 'auto');
          setOutcome(null);
        }}
      />
      <div className="actions cfg-actions-left">
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          Verificar sem importar
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Importar
        </button>
      </div>
      {busy && <p className="muted">Lendo a planilha…</p>}
      {outcome?.kind === 'refused' && (
        <div className="cfg-import-errors">
          <p className="error" role="alert">
            {outcome.message}
          </p>
          {outcome.errors.length > 0 && (
            <ul aria-label="Erros da planilha">
              {outcome.errors.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {outcome?.kind === 'done' && <ImportSummary result={outcome.result} />}
    </form>
  );
}

function ImportSummary({ result }: { result: Result }) {
  return (
    <div className="cfg-import-result">
      <p className="cfg-saved" role="status">
        {summary(result)}
      </p>
      {result.stock_skipped > 0 && (
        <p className="muted">
          Estoque ignorado em {result.stock_skipped} produto(s) já cadastrado(s): use a entrada ou o ajuste de estoque.
        </p>
      )}
      {result.ignored_columns.length > 0 && (
        <p className="muted">Colunas ignoradas: {result.ignored_columns.join(', ')}.</p>
      )}
      <table className="cfg-table" aria-label="Prévia da importação">
        <thead>
          <tr>
            <th>Linha</th>
            <th>SKU</th>
            <th>Nome</th>
            <th className="num">Preço</th>
            <th>Ação</th>
          </tr>
        </thead>
        <tbody>
          {result.preview.map((p) => (
            <tr key={p.line}>
              <td>{p.line}</td>
              <td>{p.sku}</td>
              <td>{p.name}</td>
              <td className="num">{formatMoney(p.price_cents)}</td>
              <td>{p.action === 'create' ? 'Novo' : 'Atualizado'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
