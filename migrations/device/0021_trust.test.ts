import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0021_trust', () => {
  it('creates backups, consents (one person, known purposes), privacy requests and encrypted clinical notes', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    raw.exec(`INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'Ana', 'x', 'x')`);
    raw.exec(`INSERT INTO leads (id, name, origin, created_at, updated_at) VALUES ('l1', 'Bia', 'site', 'x', 'x')`);
    const consent =
      raw.prepare(`INSERT INTO consents (id, customer_id, lead_id, purpose, text_shown, channel, granted_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'Aceito', ?, 'x', 'x', 'x')`);
    consent.run('k1', 'c1', null, 'marketing', 'presencial');
    consent.run('k2', null, 'l1', 'lembretes', 'whatsapp');
    expect(() => consent.run('k3', 'c1', 'l1', 'marketing', 'presencial')).toThrow(/CHECK/);
    expect(() => consent.run('k4', null, null, 'marketing', 'presencial')).toThrow(/CHECK/);
    expect(() => consent.run('k5', 'c1', null, 'vendas', 'presencial')).toThrow(/CHECK/);
    expect(() => consent.run('k6', 'c1', null, 'marketing', 'pombo')).toThrow(/CHECK/);
    const request =
      raw.prepare(`INSERT INTO privacy_requests (id, customer_id, request_type, received_at, due_date, created_at, updated_at)
      VALUES (?, 'c1', ?, 'x', '2026-12-15', 'x', 'x')`);
    request.run('r1', 'eliminacao');
    expect(raw.prepare(`SELECT status FROM privacy_requests`).pluck().get()).toBe('aberta');
    expect(() => request.run('r2', 'apagar')).toThrow(/CHECK/);
    const note =
      raw.prepare(`INSERT INTO clinical_notes (id, customer_id, kind, key_id, iv, tag, ciphertext, created_at)
      VALUES (?, 'c1', 'evolucao', 'k', ?, ?, ?, 'x')`);
    note.run('n1', Buffer.alloc(12), Buffer.alloc(16), Buffer.from('x'));
    expect(() => note.run('n2', Buffer.alloc(11), Buffer.alloc(16), Buffer.from('x'))).toThrow(/CHECK/);
    const backup = raw.prepare(
      `INSERT INTO backups (id, file, sha256, bytes, trigger, taken_at) VALUES (?, 'f', ?, 10, ?, 'x')`,
    );
    backup.run('b1', 'a'.repeat(64), 'automatico');
    expect(() => backup.run('b2', 'a'.repeat(63), 'automatico')).toThrow(/CHECK/);
    expect(() => backup.run('b3', 'a'.repeat(64), 'sempre')).toThrow(/CHECK/);
  });
});
