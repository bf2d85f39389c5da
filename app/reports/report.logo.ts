import type { Db } from '../db/db';
import { AppError } from '../contract/errors';
import { getSetting, putSetting } from '../settings/settings.queries';

/** The store's logo for the reports' cover: PNG or JPEG bytes. */
export interface Logo {
  mime: 'image/png' | 'image/jpeg';
  data: Buffer;
}

/** Setting key of the logo (device-local, like the other settings: `{ mime, base64 }`). */
export const LOGO_KEY = 'reports.logo';
/** Largest logo accepted, in bytes (a cover logo; pdfkit embeds it as is). */
export const LOGO_MAX_BYTES = 512 * 1024;

/** The logo kept by `reports.set_logo`, or null. */
export function readLogo(db: Db): Logo | null {
  const stored = getSetting<{ mime: Logo['mime']; base64: string } | null>(db, LOGO_KEY);
  if (!stored) return null;
  return { mime: stored.mime, data: Buffer.from(stored.base64, 'base64') };
}

/** What the bytes are: PNG or JPEG by their signature, else null. */
export function imageKind(data: Buffer): Logo['mime'] | null {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

/**
 * Keeps (or with null removes) the store's logo. Refuses anything but PNG or JPEG
 * (`invalid_logo`) and more than 512 KB (`logo_too_large`); nothing changes then.
 */
export function saveLogo(db: Db, base64: string | null, nowIso: string): { has_logo: boolean; mime: string | null } {
  if (base64 === null) {
    putSetting(db, LOGO_KEY, null, nowIso);
    return { has_logo: false, mime: null };
  }
  const data = Buffer.from(base64, 'base64');
  if (data.length > LOGO_MAX_BYTES) {
    throw new AppError('logo_too_large', `Logo of ${data.length} bytes`, 'O logo pode ter no máximo 512 KB.');
  }
  const mime = imageKind(data);
  if (!mime) {
    throw new AppError('invalid_logo', 'Logo is neither PNG nor JPEG', 'Envie o logo em PNG ou JPEG.');
  }
  putSetting(db, LOGO_KEY, { mime, base64: data.toString('base64') }, nowIso);
  return { has_logo: true, mime };
}
