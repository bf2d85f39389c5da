import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpInput, OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { downloadBase64, formatBytes, lastMonth, monthStartEnd } from './relatorios-format';
import { LogoPreview } from '../configuracoes/LogoField';
import './relatorios.css';

type Options = OpOutput<'reports.options'>;
type Job = OpOutput<'reports.job'>;
type Recent = OpOutput<'reports.recent'>;
type Spec = OpInput<'reports.export'>;
type Kind = 'pdf' | 'workbook' | 'export';

const message = (e: unknown) => (e instanceof ApiError ? e.message : 'Erro ao falar com o Balcão.');

/**
 * Relatórios (issue 15): the monthly PDF, the month workbook and the exports. The work runs in a
 * worker of the core (the screen polls `reports.job`); "Cancelar" leaves no file. A finished file
 * is downloaded (Electron asks where to save it) and listed in "Arquivos recentes" with "abrir"
 * and "mostrar na pasta".
 */
export function RelatoriosScreen() {
  const [options, setOptions] = useState<Options | null>(null);
  const [kind, setKind] = useState<Kind>('pdf');
  const [month, setMonth] = useState(lastMonth());
  const [location, setLocation] = useState('');
  const [what, setWhat] = useState('vendas');
  const [from, setFrom] = useState(monthStartEnd(lastMonth())[0]);
  const [to, setTo] = useState(monthStartEnd(lastMonth())[1]);
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [delimiter, setDelimiter] = useState<';' | ','>(';');
  const [encoding, setEncoding] = useState<'utf8' | 'win1252'>('utf8');
  const [job, setJob] = useState<Job | null>(null);
  const [recent, setRecent] = useState<Recent>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const timer = useRef<number | null>(null);

  const loadRecent = useCallback(() => {
    call('reports.recent', {})
      .then(setRecent)
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    call('reports.options', {})
      .then(setOptions)
      .catch((e: unknown) => setError(message(e)));
    loadRecent();
    return () => {
      if (timer.current) window.clearTimeout(timer.current);
    };
  }, [loadRecent]);

  const download = useCallback(async (name: string) => {
    try {
      const file = await call('reports.file', { name });
      downloadBase64(file.name, file.base64, file.mime);
    } catch (e) {
      setError(message(e));
    }
  }, []);

  const poll = useCallback(
    (jobId: string) => {
      call('reports.job', { job_id: jobId })
        .then((j) => {
          setJob(j);
          if (j.state === 'running') {
            timer.current = window.setTimeout(() => poll(jobId), 300);
            return;
          }
          loadRecent();
          if (j.state === 'done') {
            setNotice(`Pronto: ${j.name}`);
            void download(j.name);
          } else setNotice(j.message ?? '');
        })
        .catch((e: unknown) => setError(message(e)));
    },
    [download, loadRecent],
  );

  const spec = (): Spec => {
    if (kind === 'export') return { kind: 'export', what: what as Spec['what'], from, to, format, delimiter, encoding };
    return {
      kind: 'monthly',
      month,
      format: kind === 'pdf' ? 'pdf' : 'xlsx',
      ...(location ? { location } : {}),
    };
  };

  const start = async () => {
    setError('');
    setNotice('');
    try {
      const j = await call('reports.export', spec());
      setJob(j);
      poll(j.job_id);
    } catch (e) {
      setError(message(e));
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      setJob(await call('reports.cancel', { job_id: job.job_id }));
    } catch (e) {
      setError(message(e));
    }
  };

  const open = async (name: string, reveal: boolean) => {
    try {
      await call('reports.open', { name, reveal });
    } catch (e) {
      setError(message(e));
    }
  };

  const running = job?.state === 'running';
  return (
    <section className="relatorios" aria-label="Relatórios">
      <form
        className="relatorios-form"
        aria-label="Gerar relatório"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset className="relatorios-kind">
          <legend>O que gerar</legend>
          {(
            [
              ['pdf', 'Relatório mensal (PDF)'],
              ['workbook', 'Planilha do mês (XLSX)'],
              ['export', 'Exportação de dados'],
            ] as const
          ).map(([k, label]) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
            </label>
          ))}
        </fieldset>
        {kind !== 'export' ? (
          <div className="relatorios-fields">
            <div className="field">
              <label htmlFor="rel-month">Mês</label>
              <input id="rel-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required />
            </div>
            <div className="field">
              <label htmlFor="rel-location">Unidade</label>
              <select id="rel-location" value={location} onChange={(e) => setLocation(e.target.value)}>
                <option value="">Todas as unidades</option>
                {options?.locations.map((l) => (
                  <option key={l.id} value={l.code}>
                    {l.name} ({l.code})
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : (
          <div className="relatorios-fields">
            <div className="field">
              <label htmlFor="rel-what">Dados</label>
              <select id="rel-what" value={what} onChange={(e) => setWhat(e.target.value)}>
                {options?.exports.map((x) => (
                  <option key={x.what} value={x.what} disabled={!x.allowed}>
                    {x.label}
                    {x.personal ? ' (dados pessoais)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rel-from">De</label>
              <input id="rel-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
            </div>
            <div className="field">
              <label htmlFor="rel-to">Até</label>
              <input id="rel-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
            </div>
            <div className="field">
              <label htmlFor="rel-format">Formato</label>
              <select id="rel-format" value={format} onChange={(e) => setFormat(e.target.value as 'xlsx' | 'csv')}>
                <option value="xlsx">Excel (XLSX)</option>
                <option value="csv">CSV</option>
              </select>
            </div>
            {format === 'csv' && (
              <>
                <div className="field">
                  <label htmlFor="rel-delimiter">Separador</label>
                  <select
                    id="rel-delimiter"
                    value={delimiter}
                    onChange={(e) => setDelimiter(e.target.value as ';' | ',')}
                  >
                    <option value=";">; e vírgula decimal (Excel em português)</option>
                    <option value=",">, e ponto decimal</option>
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="rel-encoding">Codificação</label>
                  <select
                    id="rel-encoding"
                    value={encoding}
                    onChange={(e) => setEncoding(e.target.value as 'utf8' | 'win1252')}
                  >
                    <option value="utf8">UTF-8</option>
                    <option value="win1252">Windows-1252 (Excel antigo)</option>
                  </select>
                </div>
              </>
            )}
          </div>
        )}
        <button type="submit" className="primary" disabled={running}>
          Gerar
        </button>
      </form>
      {job && (
        <div className="relatorios-job" aria-live="polite">
          <progress aria-label="Progresso" max={100} value={job.percent} />
          <span>
            {job.state === 'running'
              ? job.total
                ? `${job.percent}% (${job.done} de ${job.total})`
                : 'Preparando…'
              : job.state === 'done'
                ? '100%'
                : ''}
          </span>
          {running && (
            <button type="button" onClick={() => void cancel()}>
              Cancelar
            </button>
          )}
        </div>
      )}
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2>Arquivos recentes</h2>
      {recent.length === 0 ? (
        <p className="muted">Nenhum arquivo gerado ainda.</p>
      ) : (
        <table className="relatorios-recent">
          <thead>
            <tr>
              <th>Arquivo</th>
              <th>Tamanho</th>
              <th>Gerado em</th>
              <th>Ações</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((f) => (
              <tr key={f.name}>
                <td>{f.name}</td>
                <td>{formatBytes(f.bytes)}</td>
                <td>{new Date(f.modified_at).toLocaleString('pt-BR')}</td>
                <td className="relatorios-actions">
                  <button type="button" onClick={() => void download(f.name)} aria-label={`Baixar ${f.name}`}>
                    Baixar
                  </button>
                  <button type="button" onClick={() => void open(f.name, false)} aria-label={`Abrir ${f.name}`}>
                    Abrir
                  </button>
                  <button
                    type="button"
                    onClick={() => void open(f.name, true)}
                    aria-label={`Mostrar ${f.name} na pasta`}
                  >
                    Mostrar na pasta
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="relatorios-logo">
        <h2>Logo da loja</h2>
        {options?.has_logo ? (
          <LogoPreview alt="Logo da capa do relatório" />
        ) : (
          <p className="muted">Sem logo: a capa sai só com o nome da loja.</p>
        )}
        <p className="muted">O logo é enviado em Configurações → Loja.</p>
      </div>
    </section>
  );
}
