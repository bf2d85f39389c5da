import { existsSync, readFileSync } from 'node:fs';
import { writeFileDurably } from '../app/files/durable';
import type { KeyStore } from '../app/lgpd/clinical.key';

/** The part of Electron's `safeStorage` the key store uses (injected, so tests need no Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The desktop's clinical-notes key store: the key is kept encrypted by the operating system's
 * keychain through Electron `safeStorage` (DPAPI on Windows, Keychain on macOS, libsecret on
 * Linux) in `DB.clinical-key.safe`, mode 0600. Without OS encryption it refuses rather than
 * keep the key in clear.
 */
export function safeStorageKeyStore(safeStorage: SafeStorageLike, dbPath: string): KeyStore {
  const file = `${dbPath}.clinical-key.safe`;
  const available = () => {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('safeStorage encryption is not available');
  };
  return {
    load: () => {
      if (!existsSync(file)) return null;
      available();
      return Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
    },
    save: (key) => {
      available();
      // Whole or absent after a power cut too: notes sealed with a key whose file came out empty
      // could never be read again. Exclusive: a key already saved is never replaced.
      writeFileDurably(file, safeStorage.encryptString(key.toString('base64')), { mode: 0o600, exclusive: true });
    },
  };
}
