import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { isCleanText, isPlainLine } from '../contract/schemas';
import { normalizePhoneBR } from '../br/phone';
import { decodeCsvBytes, detectDelimiter } from '../catalog/import-table';
import { updateRow } from '../sync/outbox';
import { originNamed, readLeadConfig, type LeadOrigin } from './leads.config';
import { parseCsvRecords, type CsvRecord } from './leads.csv';
import { findDuplicates } from './leads.queries';
import { IMPORT_FIELDS, type ImportField, type ImportLeadsInput } from './leads.schemas';
import { insertLead, type NewLead } from './leads.service';
import { leadZone } from './leads.time';
import { TZDate } from '@date-fns/tz';

export interface RejectedRow {
  line: number;
  code: string;
  message: string;
}

export interface ImportLeadsResult {
  imported: number;
  duplicates: number;
  rejected: RejectedRow[];
  dry_run: boolean;
  delimiter: string;
  columns: { header: string; field: ImportField }[];
  preview: {
    line: number;
    name: string;
    phone: string | null;
    email: string | null;
    origin: string;
    duplicate: boolean;
  }[];
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Portuguese and English headers each field is recognised by (folded: no accents, case, spaces). */
const HEADER_NAMES: Record<Exclude<ImportField, 'ignore'>, string[]> = {
  external_id: ['id', 'codigo', 'cod', 'externalid', 'idexterno', 'leadid'],
  name: ['nome', 'name', 'nomecompleto', 'fullname', 'cliente', 'lead', 'paciente'],
  phone: ['telefone', 'phone', 'celular', 'whatsapp', 'fone', 'tel', 'mobile', 'phonenumber', 'contato'],
  email: ['email', 'mail', 'emailaddress', 'correioeletronico'],
  origin: ['origem', 'origin', 'source', 'canal', 'fonte', 'channel'],
  interest: ['interesse', 'interest', 'procedimento', 'produto', 'servico', 'product', 'procedure'],
  notes: ['observacoes', 'observacao', 'obs', 'notas', 'notes', 'note', 'comentarios', 'comments'],
  tags: ['tags', 'tag', 'etiquetas', 'etiqueta', 'labels'],
  owner: ['responsavel', 'owner', 'dono', 'atendente', 'vendedor', 'assignedto'],
  utm_source: ['utmsource', 'utmorigem'],
  utm_medium: ['utmmedium', 'utmmeio'],
  utm_campaign: ['utmcampaign', 'utmcampanha', 'campanha', 'campaign'],
  created_at: ['datacriacao', 'criadoem', 'createdat', 'data', 'date', 'datadecadastro', 'cadastro', 'created'],
};

/** The field of each header: the user's map first, then the names above; unknown headers are ignored. */
export function mapColumns(headers: readonly string[], map: Record<string, ImportField> = {}): ImportField[] {
  const byFolded = new Map(Object.entries(map).map(([k, v]) => [fold(k), v]));
  const taken = new Set<ImportField>();
  return headers.map((h) => {
    const explicit = map[h] ?? byFolded.get(fold(h));
    if (explicit) return explicit;
    const folded = fold(h);
    const found = (Object.keys(HEADER_NAMES) as Exclude<ImportField, 'ignore'>[]).find(
      (f) => !taken.has(f) && HEADER_NAMES[f].includes(folded),
    );
    if (!found) return 'ignore';
    taken.add(found);
    return found;
  });
}

class RowError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
  ) {
    super(code);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LIMITS: Partial<Record<ImportField, number>> = { name: 120, interest: 200, notes: 1000, external_id: 100 };

function cellText(value: string, field: ImportField): string {
  const v = value.trim();
  const max = LIMITS[field] ?? 120;
  if (v.length > max) throw new RowError('too_long', `${field}: texto longo demais (máximo ${max} caracteres).`);
  if (field === 'notes' ? !isCleanText(v) : !isPlainLine(v))
    throw new RowError('invalid_text', `${field}: caracteres inválidos.`);
  return v;
}

/** dd/mm/aaaa [hh:mm], aaaa-mm-dd or an ISO instant, in the store's zone, as UTC ISO. */
function parseDate(value: string, zone: string): string {
  const br = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let date: Date | null = null;
  if (br) date = new TZDate(+br[3]!, +br[2]! - 1, +br[1]!, +(br[4] ?? 0), +(br[5] ?? 0), zone);
  else if (iso) date = new TZDate(+iso[1]!, +iso[2]! - 1, +iso[3]!, zone);
  else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) date = new Date(value);
  if (!date || Number.isNaN(date.getTime()) || (br && new TZDate(date.getTime(), zone).getDate() !== +br[1]!)) {
    throw new RowError('invalid_date', `Data inválida: "${value}" (use dd/mm/aaaa).`);
  }
  return new Date(date.getTime()).toISOString();
}

interface Env {
  origins: readonly LeadOrigin[];
  users: Map<string, string>;
  zone: string;
}

/** One data row as a new lead; throws RowError with a pt-BR message. */
function rowToLead(cells: readonly string[], fields: readonly ImportField[], env: Env): NewLead {
  const lead: NewLead = { name: '', origin: 'manual' };
  let origin = '';
  for (let c = 0; c < fields.length; c++) {
    const field = fields[c]!;
    if (field === 'ignore') continue;
    const v = cellText(cells[c] ?? '', field);
    if (v === '') continue;
    if (field === 'phone') {
      const phone = normalizePhoneBR(v);
      if (!phone) throw new RowError('invalid_phone', `Telefone inválido: "${v}" (informe DDD e número).`);
      lead.phone = phone.e164;
    } else if (field === 'email') {
      if (!EMAIL.test(v)) throw new RowError('invalid_email', `E-mail inválido: "${v}".`);
      lead.email = v.toLowerCase();
    } else if (field === 'origin') origin = v;
    else if (field === 'tags')
      lead.tags = [
        ...new Set(
          v
            .split(/[,|]/)
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ].slice(0, 20);
    else if (field === 'owner') {
      const id = env.users.get(fold(v));
      if (!id) throw new RowError('unknown_user', `Responsável desconhecido: "${v}".`);
      lead.owner_id = id;
    } else if (field === 'created_at') lead.created_at = parseDate(v, env.zone);
    else lead[field] = v;
  }
  if (!lead.name) throw new RowError('missing_name', 'Informe o nome.');
  if (origin) {
    const key = originNamed(env.origins, origin);
    if (!key) throw new RowError('unknown_origin', `Origem desconhecida: "${origin}".`);
    lead.origin = key;
  }
  return lead;
}

function readRecords(input: ImportLeadsInput): { records: CsvRecord[]; delimiter: string } {
  const text =
    input.encoding === 'base64'
      ? decodeCsvBytes(Buffer.from(input.content, 'base64'))
      : input.content.replace(/^\uFEFF/, '');
  const delimiter = input.delimiter ?? detectDelimiter(text);
  return { records: parseCsvRecords(text, delimiter), delimiter };
}

/** Fills what the existing lead lacks from an imported row; tags are united. */
function mergeRowInto(ctx: Context, leadId: string, row: NewLead): void {
  const lead = ctx.db.first(ctx.db.q.selectFrom('leads').selectAll().where('id', '=', leadId));
  if (!lead) return;
  const tags = [...new Set([...(JSON.parse(lead.tags) as string[]), ...(row.tags ?? [])])].slice(0, 20);
  updateRow(ctx, 'leads', lead.id, {
    phone: lead.phone ?? row.phone,
    email: lead.email ?? row.email,
    interest: lead.interest ?? row.interest,
    notes: lead.notes ?? row.notes,
    owner_id: lead.owner_id ?? row.owner_id,
    utm_source: lead.utm_source ?? row.utm_source,
    utm_medium: lead.utm_medium ?? row.utm_medium,
    utm_campaign: lead.utm_campaign ?? row.utm_campaign,
    tags: JSON.stringify(tags),
  });
}

function activeUsers(ctx: Context): Map<string, string> {
  const users = ctx.db.all(ctx.db.q.selectFrom('users').select(['id', 'login', 'name']).where('active', '=', 1));
  const map = new Map<string, string>();
  for (const u of users) map.set(fold(u.name), u.id).set(fold(u.login), u.id);
  return map;
}

/**
 * Imports leads from a CSV (issue 12): UTF-8 with or without BOM or Windows-1252 (base64 bytes),
 * `;`, `,` or tab (read from the header line unless given), quoted separators and line breaks,
 * empty lines. Columns are mapped from Portuguese or English headers, `map` overriding. Each row
 * is checked on its own and rejected with the file's own line number and a pt-BR message
 * (`wrong_column_count`, `missing_name`, `invalid_phone`, `invalid_email`, `unknown_origin`,
 * `unknown_user`, `invalid_date`, `too_long`, `invalid_text`); every valid row is written in the
 * operation's one transaction. A row matching an open lead (phone, e-mail, external id, or an
 * earlier row of the file) is a duplicate: skipped, or with `merge` folded into that lead; one
 * matching only a customer is skipped, or with `merge` imported linked to that customer.
 * `dry_run` checks and counts without writing. Empty origin → `manual`.
 */
export function importLeads(ctx: Context, input: ImportLeadsInput): ImportLeadsResult {
  const { records, delimiter } = readRecords(input);
  const header = records[0];
  if (!header) throw new AppError('import_empty', 'CSV has no header', 'O arquivo não tem linhas.');
  const headers = header.cells.map((h) => h.trim());
  const fields = mapColumns(headers, input.map);
  const columns = headers.map((h, i) => ({ header: h, field: fields[i] ?? 'ignore' }));
  if (!fields.includes('name')) {
    throw new AppError(
      'import_no_name_column',
      'No name column',
      'Nenhuma coluna foi reconhecida como nome: ajuste o mapeamento.',
      {
        columns,
      },
    );
  }
  const env: Env = { origins: readLeadConfig(ctx.db).origins, users: activeUsers(ctx), zone: leadZone(ctx) };
  const result: ImportLeadsResult = {
    imported: 0,
    duplicates: 0,
    rejected: [],
    dry_run: input.dry_run,
    delimiter,
    columns,
    preview: [],
  };
  const seen = new Map<string, string | null>();
  const merge = input.on_duplicate === 'merge';
  for (let r = 1; r < records.length; r++) {
    const { line, cells } = records[r]!;
    if (cells.length !== headers.length) {
      const message = `Linha ${line}: esperadas ${headers.length} colunas, encontradas ${cells.length}.`;
      result.rejected.push({ line, code: 'wrong_column_count', message });
      continue;
    }
    let lead: NewLead;
    try {
      lead = rowToLead(cells, fields, env);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      result.rejected.push({ line, code: error.code, message: `Linha ${line}: ${error.userMessage}` });
      continue;
    }
    const keys = [
      lead.phone && `p:${lead.phone}`,
      lead.email && `e:${lead.email}`,
      lead.external_id && `x:${lead.external_id}`,
    ].filter((k): k is string => !!k);
    const inFile = keys.find((k) => seen.has(k));
    let target: string | null | undefined = inFile !== undefined ? (seen.get(inFile) ?? null) : undefined;
    let customerId: string | null = null;
    if (target === undefined) {
      const byExternal = lead.external_id
        ? ctx.db.first(ctx.db.q.selectFrom('leads').select('id').where('external_id', '=', lead.external_id))
        : undefined;
      const dups = findDuplicates(ctx.db, lead.phone, lead.email);
      target = byExternal?.id ?? dups.leads[0]?.id;
      customerId = dups.customers[0]?.id ?? null;
    }
    const duplicate = target !== undefined || (customerId !== null && !merge);
    if (result.preview.length < input.preview) {
      const { name, phone = null, email = null, origin } = lead;
      result.preview.push({ line, name, phone, email, origin, duplicate });
    }
    if (duplicate) {
      result.duplicates++;
      if (merge && target && !input.dry_run) mergeRowInto(ctx, target, lead);
      continue;
    }
    const id = input.dry_run ? null : insertLead(ctx, { ...lead, customer_id: customerId });
    for (const k of keys) seen.set(k, id);
    result.imported++;
  }
  return result;
}

export { IMPORT_FIELDS };
