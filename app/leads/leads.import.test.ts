import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk, openSetUpApp } from '../../test/helpers';
import { parseCsvRecords } from './leads.csv';

function importCsv(
  app: Awaited<ReturnType<typeof openSetUpApp>>['app'],
  session: Awaited<ReturnType<typeof openSetUpApp>>['session'],
  bytes: Buffer,
  extra: Record<string, unknown> = {},
) {
  return app.dispatch('leads.import', { content: bytes.toString('base64'), encoding: 'base64', ...extra }, session);
}

describe('CSV records', () => {
  it('keeps each record on its own file line through quoted separators, line breaks and empty lines', () => {
    const text = '\uFEFFnome;obs\r\n"Ana; Maria";"linha 1\r\nlinha 2"\r\n\r\nBeto;"diz ""oi"""\n';
    expect(parseCsvRecords(text, ';')).toEqual([
      { line: 1, cells: ['nome', 'obs'] },
      { line: 2, cells: ['Ana; Maria', 'linha 1\r\nlinha 2'] },
      { line: 5, cells: ['Beto', 'diz "oi"'] },
    ]);
  });
});

describe('leads.import', () => {
  it('reads a Windows-1252 ";" file from Excel: accents, mapping from Portuguese headers, origins by label', async () => {
    const { app, session } = await openSetUpApp();
    const csv =
      'Nome;Telefone;E-mail;Origem;Interesse\r\nJoão da Silva;(11) 98765-4321;joao@x.com;Indicação;Botox\r\nConceição;11 3333-4444;;instagram;Limpeza de Pele\r\n';
    const bytes = iconv.encode(csv, 'win1252');
    expect(bytes.includes(Buffer.from('João'))).toBe(false); // really cp1252, not UTF-8
    const result = expectOk(importCsv(app, session, bytes));
    expect(result).toMatchObject({ imported: 2, duplicates: 0, rejected: [], delimiter: ';' });
    expect(result.columns.map((c) => c.field)).toEqual(['name', 'phone', 'email', 'origin', 'interest']);
    const rows = app.db.raw.prepare('SELECT name, phone, email, origin, interest FROM leads ORDER BY name').all();
    expect(rows).toEqual([
      { name: 'Conceição', phone: '+551133334444', email: null, origin: 'instagram', interest: 'Limpeza de Pele' },
      { name: 'João da Silva', phone: '+5511987654321', email: 'joao@x.com', origin: 'indicacao', interest: 'Botox' },
    ]);
  });

  it('reads UTF-8 with and without BOM and "," with quoted commas', async () => {
    const { app, session } = await openSetUpApp();
    const body = 'name,phone,email\n"Silva, Ana",21 99876-5432,ana@x.com\n';
    const withBom = expectOk(
      importCsv(app, session, Buffer.from('\uFEFF' + body, 'utf8'), { dry_run: true, preview: 5 }),
    );
    const without = expectOk(importCsv(app, session, Buffer.from(body, 'utf8'), { dry_run: true, preview: 5 }));
    expect(withBom.preview).toEqual([
      { line: 2, name: 'Silva, Ana', phone: '+5521998765432', email: 'ana@x.com', origin: 'manual', duplicate: false },
    ]);
    expect(without.preview).toEqual(withBom.preview);
    expect(app.db.raw.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 0 });
  });

  it('reports rejected rows with the file line numbers: a bad phone on line 7, a wrong column count, after a multi-line field and an empty line', async () => {
    const { app, session } = await openSetUpApp();
    const lines = [
      'nome;telefone;obs', // 1
      'Ana;11987650001;"primeira', // 2
      'segunda linha"', // 3
      '', // 4
      'Bia;11987650002;ok', // 5
      'Caio;11987650003', // 6: two columns
      'Duda;(11) 1234;telefone ruim', // 7
      ';11987650004;sem nome', // 8
    ];
    const result = expectOk(importCsv(app, session, Buffer.from(lines.join('\r\n') + '\r\n')));
    expect(result.imported).toBe(2);
    expect(result.rejected).toEqual([
      { line: 6, code: 'wrong_column_count', message: 'Linha 6: esperadas 3 colunas, encontradas 2.' },
      { line: 7, code: 'invalid_phone', message: 'Linha 7: Telefone inválido: "(11) 1234" (informe DDD e número).' },
      { line: 8, code: 'missing_name', message: 'Linha 8: Informe o nome.' },
    ]);
  });

  it('skips or merges duplicates of open leads, of customers and of earlier rows, all in one transaction', async () => {
    const { app, session } = await openSetUpApp();
    const existing = expectOk(
      app.dispatch('leads.upsert', { name: 'Eva', phone: '11987650009', origin: 'site' }, session),
    );
    const csv =
      'nome;telefone;email;tags\nEva Souza;+55 11 98765-0009;eva@x.com;vip\nFabi;11987650010;FABI@x.com;\nFabi 2;;fabi@X.com;\n';
    const skip = expectOk(importCsv(app, session, Buffer.from(csv), { on_duplicate: 'skip' }));
    expect(skip).toMatchObject({ imported: 1, duplicates: 2, rejected: [] });
    // The audit log records every write operation, a dry run included; the leads must not change.
    const leadTables = () => {
      const d = dumpContent(app.db);
      return [d.leads, d.lead_stage_changes, d.lead_activities, d.customers];
    };
    const before = leadTables();
    const dry = expectOk(importCsv(app, session, Buffer.from(csv), { on_duplicate: 'merge', dry_run: true }));
    expect(dry).toMatchObject({ imported: 0, duplicates: 3 });
    expect(leadTables()).toEqual(before);
    expectOk(importCsv(app, session, Buffer.from(csv), { on_duplicate: 'merge' }));
    const eva = expectOk(app.dispatch('leads.get', { lead_id: existing.id }, session));
    expect(eva).toMatchObject({ name: 'Eva', email: 'eva@x.com', tags: ['vip'] });
  });

  it('takes the user map over the headers and refuses a file without a name column', async () => {
    const { app, session } = await openSetUpApp();
    const csv = 'Cliente X;Zap\nGil;11987650011\n';
    const refused = importCsv(app, session, Buffer.from(csv), { map: { 'Cliente X': 'ignore' } });
    expect(refused.ok ? null : refused.error.code).toBe('import_no_name_column');
    const ok = expectOk(importCsv(app, session, Buffer.from(csv), { map: { 'Cliente X': 'name', Zap: 'phone' } }));
    expect(ok.columns).toEqual([
      { header: 'Cliente X', field: 'name' },
      { header: 'Zap', field: 'phone' },
    ]);
    expect(ok.rejected).toEqual([]);
  });
});
