import { randomBytes, createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../db/db';
import { AppError } from '../contract/errors';

/**
 * Where this computer keeps the clinical-notes key (32 bytes, AES-256). The desktop's main
 * process installs one backed by Electron `safeStorage` (main/clinical-key.ts); browser and CLI
 * mode use `fileKeyStore`, a key file with mode 0600 beside the database.
 */
export interface KeyStore {
  /** The key, or null when none was made yet. */
  load(): Buffer | null;
  /** Keeps a new key; never overwrites one that exists. */
  save(key: Buffer): void;
}

/** `DB.clinical-key`: the key in base64, created 0600 (tightened when found wider). */
export function fileKeyStore(dbPath: string): KeyStore {
  const file = `${resolve(dbPath)}.clinical-key`;
  return {
    load: () => {
      if (!existsSync(file)) return null;
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    },
    save: (key) => {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, key.toString('base64'));
      } finally {
        closeSync(fd);
      }
    },
  };
}

type StoreFactory = (dbPath: string) => KeyStore;
let factory: StoreFactory = fileKeyStore;

/** The desktop installs its safeStorage-backed store here before opening windows. */
export function setClinicalKeyStore(next: StoreFactory): void {
  factory = next;
  keys = new WeakMap();
}

let keys = new WeakMap<Db, Buffer>();

/** First 16 hex characters of SHA-256(key): stored with each note to tell which key sealed it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * This database's clinical key, made on first use (32 random bytes) and cached per open database.
 * A key that cannot be read or kept (a folder in its place, no permission, a damaged file, the
 * system's keychain unavailable) is AppError `clinical_key_unavailable` in pt-BR, never a fault.
 */
export function clinicalKey(db: Db): Buffer {
  let key = keys.get(db);
  if (key) return key;
  try {
    const store = factory(db.raw.name);
    key = store.load() ?? undefined;
    if (!key) {
      key = randomBytes(32);
      store.save(key);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw keyUnavailable(error instanceof Error ? error.message : String(error));
  }
  if (key.length !== 32) throw keyUnavailable(`clinical key has the wrong length (${key.length})`);
  keys.set(db, key);
  return key;
}

function keyUnavailable(reason: string): AppError {
  return new AppError(
    'clinical_key_unavailable',
    `clinical key unavailable: ${reason}`,
    'A chave das anotações clínicas deste computador não pôde ser lida ou guardada (arquivo da chave danificado, sem permissão ou cofre do sistema indisponível); nada foi alterado.',
  );
}
