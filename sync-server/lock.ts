import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../app/files/durable';

/**
 * One PGlite data directory belongs to one process. The process holding it writes
 * `server.lock.json` ({ pid, port }); the admin CLI finds a live holder there and asks it over
 * localhost with the admin secret (`admin-secret`, mode 0600) instead of opening the files.
 */
export interface DirLock {
  pid: number;
  /** Set when the holder is a server answering admin requests on 127.0.0.1. */
  port: number | null;
}

const LOCK_FILE = 'server.lock.json';
const SECRET_FILE = 'admin-secret';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the directory, or null (no lock, or its process is gone). */
export function readLock(dir: string): DirLock | null {
  try {
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as DirLock;
    if (lock.pid !== process.pid && alive(lock.pid)) return lock;
    return null;
  } catch {
    return null;
  }
}

/** Claims the directory for this process; throws if a live process holds it. */
export function acquireLock(dir: string, port: number | null): void {
  mkdirSync(dir, { recursive: true });
  const holder = readLock(dir);
  if (holder) throw new Error(`sync data directory ${dir} is in use by process ${holder.pid}`);
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, port } satisfies DirLock), { mode: 0o600 });
}

/** Drops the lock if this process holds it. */
export function releaseLock(dir: string): void {
  try {
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as DirLock;
    if (lock.pid === process.pid) rmSync(join(dir, LOCK_FILE), { force: true });
  } catch {
    // no lock file: nothing to release
  }
}

/** The admin secret of a data directory, made on first use. */
export function adminSecret(dir: string): string {
  const path = join(dir, SECRET_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileDurably(path, secret, { mode: 0o600, exclusive: true });
    return secret;
  }
}
