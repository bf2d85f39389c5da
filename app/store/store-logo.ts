import type { Context } from '../contract/context';
import type { Db } from '../db/db';
import { AppError } from '../contract/errors';
import { getSetting } from '../settings/settings.queries';
import { insertRow, updateRow } from '../sync/outbox';
import { deviceStoreId } from './store.service';

/** A store's logo for the reports' cover and the Configurações preview: PNG or JPEG bytes. */
export interface Logo {
  mime: 'image/png' | 'image/jpeg';
  data: Buffer;
}

/** Largest logo accepted, in bytes (a cover logo; pdfkit embeds it as is). */
export const LOGO_MAX_BYTES = 512 * 1024;

/** Device setting where versions before migration 0030 kept the logo (`{ mime, base64 }`), read as a fallback. */
export const LEGACY_LOGO_KEY = 'reports.logo';

/** What the bytes are: PNG or JPEG by their signature (magic bytes), else null. */
export function imageKind(data: Buffer): Logo['mime'] | null {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

/**
 * The logo of one location (`stores` id; default this device's store, else the first store, as
 * the reports' home store): its `store_logos` row (synced), or — when the store has no row yet —
 * the device setting an earlier version kept. Null when there is none or it was removed.
 */
export function readStoreLogo(db: Db, storeId: string | null): Logo | null {
  const row = storeId
    ? (db.statement('SELECT mime, logo_base64 FROM store_logos WHERE id = ?').get(storeId) as
        { mime: Logo['mime'] | null; logo_base64: string | null } | undefined)
    : undefined;
  if (row) return row.mime && row.logo_base64 ? { mime: row.mime, data: Buffer.from(row.logo_base64, 'base64') } : null;
  const legacy = getSetting<{ mime: Logo['mime']; base64: string } | null>(db, LEGACY_LOGO_KEY);
  return legacy ? { mime: legacy.mime, data: Buffer.from(legacy.base64, 'base64') } : null;
}

/**
 * `store.set_logo`: keeps (or with null removes) the logo of this device's store in
 * `store_logos`, through the outbox, so every desktop of the store gets it. Refuses more than
 * 512 KB (`logo_too_large`) and anything whose first bytes are not PNG's or JPEG's signature
 * (`invalid_logo`); nothing changes then. Returns whether there is a logo and its type.
 */
export function setStoreLogo(ctx: Context, base64: string | null): { has_logo: boolean; mime: Logo['mime'] | null } {
  const storeId = deviceStoreId(ctx);
  let mime: Logo['mime'] | null = null;
  let text: string | null = null;
  if (base64 !== null) {
    const data = Buffer.from(base64, 'base64');
    if (data.length > LOGO_MAX_BYTES) {
      throw new AppError(
        'logo_too_large',
        `Logo of ${data.length} bytes (max ${LOGO_MAX_BYTES})`,
        'O logo pode ter no máximo 512 KB.',
      );
    }
    mime = imageKind(data);
    if (!mime) throw new AppError('invalid_logo', 'Logo is neither PNG nor JPEG', 'Envie o logo em PNG ou JPEG.');
    text = data.toString('base64');
  }
  const exists = ctx.db.statement('SELECT 1 FROM store_logos WHERE id = ?').get(storeId) !== undefined;
  const now = ctx.clock.now().toISOString();
  if (exists) updateRow(ctx, 'store_logos', storeId, { mime, logo_base64: text });
  // A first removal writes a null row too: it hides a logo an earlier version kept in a setting.
  else
    insertRow(ctx, 'store_logos', {
      id: storeId,
      store_id: storeId,
      mime,
      logo_base64: text,
      created_at: now,
      updated_at: now,
    });
  return { has_logo: mime !== null, mime };
}
