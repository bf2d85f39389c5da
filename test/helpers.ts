import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, inject } from 'vitest';
import './vitest-provided';
import { openBalcao, type Balcao } from '../app/balcao';
import { newSession, type Clock, type Session } from '../app/contract/context';
import type { Db } from '../app/db/db';
import { buildDeviceTemplate, copyDeviceTemplate } from './device-template';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

/** A fresh directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'balcao-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempDbPath(): string {
  return join(tempDir(), 'balcao.sqlite3');
}

let fileTemplate: Promise<string> | undefined;

/** The migrated template's path (global setup's, else one built for this file); copy it, never open it. */
export function deviceTemplate(): Promise<string> {
  const provided = inject('deviceTemplate') as string | undefined;
  if (provided) return Promise.resolve(provided);
  if (!fileTemplate) {
    const built = buildDeviceTemplate();
    fileTemplate = built;
    void built.then((path) => process.once('exit', () => rmSync(dirname(path), { recursive: true, force: true })));
  }
  return fileTemplate;
}

/**
 * A path (removed after the test) holding an empty, fully migrated device database: a copy of
 * the migrated template, not a fresh migration (test/device-template.ts says why).
 */
export async function migratedDbPath(): Promise<string> {
  const path = tempDbPath();
  copyDeviceTemplate(await deviceTemplate(), path);
  return path;
}

/** `openBalcao` on a new migrated database (see migratedDbPath), closed after the test. */
export async function openTestApp(options: { clock?: Clock } = {}): Promise<Balcao> {
  const app = await openBalcao(await migratedDbPath(), options);
  cleanups.unshift(() => app.close());
  return app;
}

export const OWNER = { name: 'Ana Dona', login: 'ana', pin: '1234' };

/** A store set up through the contract, with the owner signed in on the returned session. */
export async function openSetUpApp(): Promise<{ app: Balcao; session: Session }> {
  const app = await openTestApp();
  const session = newSession();
  const result = app.dispatch('store.setup', { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER }, session);
  if (!result.ok) throw new Error(`setup failed: ${JSON.stringify(result.error)}`);
  return { app, session };
}

/** Every row of every table, in a stable order: "unchanged in content" means this is equal. */
export function dumpContent(db: Db): Record<string, unknown[]> {
  const tables = db.raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = db.raw.prepare(`SELECT * FROM "${name}"`).all();
    out[name] = rows
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
  }
  return out;
}

export function expectOk<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
