import { readFileSync } from 'node:fs';
import type { CliCommand } from '../cli/command';
import { printResult } from '../cli/commands';
import { IMPORT_FIELDS, type ImportField } from './leads.schemas';

/** `--map col=field` options as the import's map; a malformed one is reported, not guessed. */
export function parseMapOptions(values: unknown): Record<string, ImportField> | string {
  const list = Array.isArray(values) ? (values as string[]) : typeof values === 'string' ? [values] : [];
  const map: Record<string, ImportField> = {};
  for (const item of list) {
    const at = item.lastIndexOf('=');
    const column = item.slice(0, at).trim();
    const field = item.slice(at + 1).trim() as ImportField;
    if (at <= 0 || !IMPORT_FIELDS.includes(field)) {
      return `--map inválido: "${item}". Use --map coluna=campo, campo um de: ${IMPORT_FIELDS.join(', ')}.`;
    }
    map[column] = field;
  }
  return map;
}

export const leadCommands: Record<string, CliCommand> = {
  'import-leads': {
    summary:
      'Importa leads de um CSV: import-leads --file leads.csv [--map coluna=campo …] [--dry-run] [--on-duplicate skip|merge]',
    options: {
      file: { type: 'string' },
      map: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      'on-duplicate': { type: 'string' },
    },
    run: (app, session, v, io) => {
      if (typeof v.file !== 'string') {
        io.err('Informe o arquivo: --file leads.csv');
        return 2;
      }
      const map = parseMapOptions(v.map);
      if (typeof map === 'string') {
        io.err(map);
        return 2;
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(v.file);
      } catch (error) {
        io.err(`Não foi possível ler ${v.file}: ${error instanceof Error ? error.message : String(error)}`);
        return 2;
      }
      const result = app.dispatch(
        'leads.import',
        {
          content: bytes.toString('base64'),
          encoding: 'base64',
          map,
          dry_run: v['dry-run'] === true,
          on_duplicate: v['on-duplicate'] ?? 'skip',
        },
        session,
      );
      if (!result.ok) return printResult(io, result);
      const { imported, duplicates, rejected } = result.value;
      if (io.json) io.out(JSON.stringify({ imported, duplicates, rejected }));
      else {
        io.out(`Importados: ${imported}  Duplicados: ${duplicates}  Rejeitados: ${rejected.length}`);
        for (const r of rejected.slice(0, 50)) io.out(`  ${r.message} (${r.code})`);
      }
      return rejected.length ? 1 : 0;
    },
  },
  attribution: {
    summary: 'Atribuição por origem: attribution --from AAAA-MM-DD --to AAAA-MM-DD',
    options: { from: { type: 'string' }, to: { type: 'string' } },
    run: (app, session, v, io) => {
      const result = app.dispatch('leads.attribution', { from: v.from, to: v.to }, session);
      if (!result.ok) return printResult(io, result);
      const rows = result.value.map(({ origin, leads, contacted, scheduled, converted, conversion_rate, revenue }) => ({
        origin,
        leads,
        contacted,
        scheduled,
        converted,
        conversion_rate,
        revenue,
      }));
      io.out(io.json ? JSON.stringify(rows) : JSON.stringify(rows, null, 2));
      return 0;
    },
  },
};
