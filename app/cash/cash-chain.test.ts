import { describe, expect, it } from 'vitest';
import type { Balcao } from '../balcao';
import type { CliIo } from '../cli/command';
import { newSession, type Session } from '../contract/context';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { canonicalJson, chainHash, GENESIS_HASH } from './cash-chain';
import { cashCommands } from './cash.cli';

/** Three sessions of CX1 opened and closed, with R$ 1,00, 2,00 and 3,00 in the drawer. */
async function threeClosings() {
  const { app, session } = await openSetUpApp();
  const ids: string[] = [];
  for (const float of [100, 200, 300]) {
    expectOk(app.dispatch('cash.open', { opening_float_cents: float }, session));
    ids.push(expectOk(app.dispatch('cash.close', { counted_cash_cents: float }, session)).id);
  }
  return { app, session, ids };
}

function tamper(app: Balcao, sql: string, ...params: (string | number)[]): void {
  const changed = app.db.raw.prepare(sql).run(...params).changes;
  expect(changed).toBe(1);
}

function verify(app: Balcao, session: Session) {
  return expectOk(app.dispatch('cash.verify-chain', {}, session));
}

describe('canonical JSON and the chain hash', () => {
  it('sorts keys at every level, keeps array order and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('is sha256 of the previous hash followed by the report', () => {
    // printf '%064d{}' 0 | sha256sum
    expect(chainHash(GENESIS_HASH, '{}')).toBe('5508d2b710e64bc470079e1b211d9c58e21011e59d0559e422345dc19d659a75');
  });
});

describe('the chain of Z reports', () => {
  it('numbers closings per register and links each to the previous hash', async () => {
    const { app, session } = await threeClosings();
    const rows = app.db.raw
      .prepare('SELECT number, prev_hash, hash, report FROM cash_closings ORDER BY number')
      .all() as { number: number; prev_hash: string; hash: string; report: string }[];
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    for (const row of rows) {
      expect(row.hash).toBe(chainHash(row.prev_hash, row.report));
      expect(canonicalJson(JSON.parse(row.report))).toBe(row.report);
    }
    expect(verify(app, session)).toEqual({ ok: true, checked: 3 });
    const list = expectOk(app.dispatch('cash.closings', {}, session));
    expect(list.register).toMatchObject({ code: 'CX1', timezone: 'America/Sao_Paulo' });
    expect(list.closings.map((c) => [c.number, c.expected_cash_cents, c.counted_cash_cents])).toEqual([
      [3, 300, 300],
      [2, 200, 200],
      [1, 100, 100],
    ]);
    expect(list.chain).toEqual({ ok: true, checked: 3 });
  });

  it('detects an altered report', async () => {
    const { app, session, ids } = await threeClosings();
    tamper(
      app,
      `UPDATE cash_closings SET report = replace(report, '"counted_cash_cents":200', '"counted_cash_cents":900') WHERE id = ?`,
      ids[1] ?? '',
    );
    expect(verify(app, session)).toEqual({ ok: false, checked: 1, broken_at: 2, reason: 'hash_mismatch' });
    expect(expectOk(app.dispatch('cash.closings', {}, session)).chain).toMatchObject({ ok: false, broken_at: 2 });
  });

  it('detects a deleted closing in the middle and at the start', async () => {
    const middle = await threeClosings();
    tamper(middle.app, 'DELETE FROM cash_closings WHERE number = 2');
    expect(verify(middle.app, middle.session)).toEqual({
      ok: false,
      checked: 1,
      broken_at: 2,
      reason: 'missing_closing',
    });
    const first = await threeClosings();
    tamper(first.app, 'DELETE FROM cash_closings WHERE number = 1');
    expect(verify(first.app, first.session)).toMatchObject({ ok: false, checked: 0, broken_at: 1 });
  });

  it('detects a changed hash', async () => {
    const { app, session } = await threeClosings();
    tamper(app, `UPDATE cash_closings SET hash = ? WHERE number = 3`, 'f'.repeat(64));
    expect(verify(app, session)).toEqual({ ok: false, checked: 2, broken_at: 3, reason: 'hash_mismatch' });
  });

  it('detects a deleted closing hidden by renumbering, and a report re-hashed in place', async () => {
    const renumbered = await threeClosings();
    tamper(renumbered.app, 'DELETE FROM cash_closings WHERE number = 2');
    tamper(renumbered.app, 'UPDATE cash_closings SET number = 2 WHERE number = 3');
    expect(verify(renumbered.app, renumbered.session)).toMatchObject({
      ok: false,
      broken_at: 2,
      reason: 'prev_hash_mismatch',
    });

    const rehashed = await threeClosings();
    const row = rehashed.app.db.raw.prepare('SELECT prev_hash, report FROM cash_closings WHERE number = 2').get() as {
      prev_hash: string;
      report: string;
    };
    const forged = row.report.replace('"notes":null', '"notes":"sem diferença"');
    tamper(
      rehashed.app,
      'UPDATE cash_closings SET report = ?, hash = ? WHERE number = 2',
      forged,
      chainHash(row.prev_hash, forged),
    );
    expect(verify(rehashed.app, rehashed.session)).toEqual({
      ok: false,
      checked: 2,
      broken_at: 3,
      reason: 'prev_hash_mismatch',
    });
  });

  it('detects a row whose figures no longer match its report', async () => {
    const { app, session } = await threeClosings();
    tamper(app, 'UPDATE cash_closings SET difference_cents = -5000 WHERE number = 1');
    expect(verify(app, session)).toEqual({ ok: false, checked: 0, broken_at: 1, reason: 'report_mismatch' });
  });

  it('returns the stored report, and refuses an unknown closing', async () => {
    const { app, session, ids } = await threeClosings();
    const closing = expectOk(app.dispatch('cash.report', { closing_id: ids[0] ?? '' }, session));
    expect(closing).toMatchObject({
      number: 1,
      prev_hash: GENESIS_HASH,
      report: { number: 1, opening_float_cents: 100 },
    });
    expect(app.dispatch('cash.report', { closing_id: 'nope' }, session)).toMatchObject({
      ok: false,
      error: { code: 'unknown_closing', message: 'Fechamento de caixa não encontrado.' },
    });
  });
});

describe('cash-verify (CLI)', () => {
  function io(json: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    const cliIo: CliIo = { json, out: (t) => out.push(t), err: (t) => err.push(t) };
    return { cliIo, out, err };
  }
  const command = cashCommands['cash-verify'];
  if (!command) throw new Error('cash-verify is not registered');

  it('prints an intact chain and exits 0', async () => {
    const { app } = await threeClosings();
    const json = io(true);
    expect(await command.run(app, newSession(true), { register: 'cx1' }, json.cliIo)).toBe(0);
    expect(JSON.parse(json.out.join(''))).toEqual({
      ok: true,
      value: { registers: [{ register: 'CX1', ok: true, checked: 3 }] },
    });
    const human = io(false);
    expect(await command.run(app, newSession(true), {}, human.cliIo)).toBe(0);
    expect(human.out).toEqual(['CX1: íntegra (3 fechamento(s) verificado(s))']);
  });

  it('reports the first broken number and exits 1', async () => {
    const { app } = await threeClosings();
    tamper(app, 'DELETE FROM cash_closings WHERE number = 2');
    const json = io(true);
    expect(await command.run(app, newSession(true), {}, json.cliIo)).toBe(1);
    expect(JSON.parse(json.out.join(''))).toMatchObject({
      ok: false,
      error: {
        code: 'cash_chain_broken',
        details: { registers: [{ register: 'CX1', ok: false, broken_at: 2, reason: 'missing_closing' }] },
      },
    });
    const human = io(false);
    expect(await command.run(app, newSession(true), {}, human.cliIo)).toBe(1);
    expect(human.err).toEqual(['CX1: QUEBRADA no fechamento nº 2 — fechamento ausente (apagado?)']);
  });

  it('refuses an unknown register code', async () => {
    const { app } = await threeClosings();
    const json = io(true);
    expect(await command.run(app, newSession(true), { register: 'CX9' }, json.cliIo)).toBe(1);
    expect(JSON.parse(json.out.join(''))).toMatchObject({ ok: false, error: { code: 'unknown_register' } });
  });
});
