import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers';
import { safeStorageKeyStore } from './clinical-key';

/** A stand-in for Electron's safeStorage: reversible, and visibly not the plain text. */
const fakeSafeStorage = (available = true) => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
  decryptString: (enc: Buffer) => Buffer.from(enc.toString().slice(4), 'hex').toString(),
});

describe('the desktop clinical key store (safeStorage)', () => {
  it('keeps the key only as safeStorage ciphertext, 0600, and reads it back; refuses without OS encryption', () => {
    const db = join(tempDir(), 'balcao.sqlite3');
    const store = safeStorageKeyStore(fakeSafeStorage(), db);
    expect(store.load()).toBeNull();
    const key = Buffer.alloc(32, 7);
    store.save(key);
    const file = `${db}.clinical-key.safe`;
    expect(readFileSync(file).toString()).not.toContain(key.toString('base64'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual(key);
    expect(() => store.save(Buffer.alloc(32, 1))).toThrow();
    expect(() => safeStorageKeyStore(fakeSafeStorage(false), join(tempDir(), 'x.sqlite3')).save(key)).toThrow(
      /not available/,
    );
    expect(existsSync(`${db}.clinical-key`)).toBe(false);
  });
});
