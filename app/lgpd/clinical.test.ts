import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { addUser } from '../cash/cash.fixtures';
import { expectOk } from '../../test/helpers';
import { openClinic } from '../scheduling/scheduling.fixtures';

const EVOLUCAO = 'Paciente relata melhora da acne grau II após terceira sessão; manter ácido azelaico.';

describe('clinical notes', () => {
  it('are encrypted at rest (not in the raw file), readable with clinical.view, refused without it', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    const path = c.app.db.raw.name;
    addUser(c.app, 'dra', 'professional', '2468');
    addUser(c.app, 'gerente', 'manager', '1357');
    addUser(c.app, 'recep', 'receptionist', '9753');
    const dra = newSession();
    expectOk(c.app.dispatch('auth.login', { login: 'dra', pin: '2468' }, dra));
    expectOk(c.app.dispatch('clinical.add', { customer_external_id: 'P1', kind: 'evolucao', text: EVOLUCAO }, dra));
    expectOk(
      c.app.dispatch(
        'clinical.add',
        { customer_external_id: 'P1', kind: 'anamnese', text: 'Alergia a dipirona.' },
        c.cli,
      ),
    );

    c.app.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(path).toString('latin1') + readFileSync(`${path}-wal`).toString('latin1');
    expect(raw.includes('azelaico')).toBe(false);
    expect(raw.includes('dipirona')).toBe(false);
    expect(raw.includes('Maria Souza')).toBe(true); // the search does find plain text
    // The key is not in the database: it is a 0600 file beside it (browser / CLI mode).
    const key = readFileSync(`${path}.clinical-key`, 'utf8');
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(raw.includes(key)).toBe(false);
    expect(statSync(`${path}.clinical-key`).mode & 0o777).toBe(0o600);

    const view = expectOk(c.app.dispatch('clinical.view', { customer_external_id: 'P1' }, dra));
    // Newest first (same instant here: by id, which is time-ordered).
    expect(view.notes.map((n) => [n.kind, n.text, n.author])).toEqual([
      ['anamnese', 'Alergia a dipirona.', null],
      ['evolucao', EVOLUCAO, 'Usuário dra'],
    ]);
    for (const [login, pin] of [
      ['gerente', '1357'],
      ['recep', '9753'],
    ] as const) {
      const s = newSession();
      expectOk(c.app.dispatch('auth.login', { login, pin }, s));
      const r = c.app.dispatch('clinical.view', { customer_external_id: 'P1' }, s);
      expect(r.ok ? 'ok' : r.error.code, login).toBe('forbidden');
    }
    // Reading is audited (health data); writing is audited without the text.
    const audit = c.app.db.raw
      .prepare("SELECT operation, kind, changes FROM audit_log WHERE operation LIKE 'clinical.%' ORDER BY seq")
      .all() as { operation: string; kind: string; changes: string }[];
    expect(audit.map((a) => `${a.operation} ${a.kind}`)).toEqual([
      'clinical.add write',
      'clinical.add write',
      'clinical.view read',
    ]);
    expect(audit.some((a) => a.changes.includes('azelaico'))).toBe(false);
  });

  it('a note altered in the file is refused, not shown garbled', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    expectOk(c.app.dispatch('clinical.add', { customer_external_id: 'P1', kind: 'evolucao', text: EVOLUCAO }, c.cli));
    c.app.db.raw.exec('UPDATE clinical_notes SET ciphertext = zeroblob(length(ciphertext))');
    const r = c.app.dispatch('clinical.view', { customer_external_id: 'P1' }, c.cli);
    expect(r.ok ? 'ok' : r.error).toEqual({
      code: 'clinical_note_damaged',
      message: 'Uma anotação clínica foi alterada no arquivo e não pode ser lida.',
    });
  });
});
