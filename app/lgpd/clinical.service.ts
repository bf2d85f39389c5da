import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import { clinicalKey, keyId } from './clinical.key';
import type { clinicalNoteSchema } from './lgpd.schemas';
import type { ClinicalNoteKind, ClinicalNotesTable } from './lgpd.tables';
import { requireCustomer } from './person';

/** Binds a ciphertext to its row: moving it to another note or patient fails authentication. */
function aad(id: string, customerId: string, kind: ClinicalNoteKind): Buffer {
  return Buffer.from(`${id}|${customerId}|${kind}`, 'utf8');
}

/**
 * Adds an evolução or anamnese to a patient, encrypted at rest with AES-256-GCM (node:crypto):
 * a random 96-bit IV per note, the 128-bit tag, and the note id, patient and kind as additional
 * data. Only ciphertext, IV and tag are stored; the key never enters the database
 * (clinical.key.ts). Local to this computer (the key is), never synced.
 */
export function addClinicalNote(ctx: Context, input: z.output<typeof clinicalNoteSchema>) {
  const customer = requireCustomer(ctx, input);
  const key = clinicalKey(ctx.db);
  const id = newId();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(id, customer.id, input.kind));
  const ciphertext = Buffer.concat([cipher.update(input.text, 'utf8'), cipher.final()]);
  const row: ClinicalNotesTable = {
    id,
    customer_id: customer.id,
    kind: input.kind,
    key_id: keyId(key),
    iv,
    tag: cipher.getAuthTag(),
    ciphertext,
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
  };
  ctx.db
    .statement(
      `INSERT INTO clinical_notes (id, customer_id, kind, key_id, iv, tag, ciphertext, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      row.id,
      row.customer_id,
      row.kind,
      row.key_id,
      row.iv,
      row.tag,
      row.ciphertext,
      row.created_by,
      row.created_at,
    );
  // Local (not synced): the dispatcher's audit row records the operation and the patient named in the input, never the text.
  return { id, customer_id: customer.id, kind: input.kind, created_at: row.created_at };
}

/**
 * A patient's clinical notes, newest first, decrypted (only for `clinical.view`, checked by the
 * dispatcher). A note sealed by another key, or altered, is refused with `clinical_key_mismatch`
 * / `clinical_note_damaged`, never shown garbled.
 */
export function viewClinicalNotes(ctx: Context, ref: { customer_id?: string; customer_external_id?: string }) {
  const customer = requireCustomer(ctx, ref);
  const key = clinicalKey(ctx.db);
  const id = keyId(key);
  const rows = ctx.db
    .statement(
      `SELECT n.*, u.name AS author FROM clinical_notes n LEFT JOIN users u ON u.id = n.created_by
       WHERE n.customer_id = ? ORDER BY n.created_at DESC, n.id DESC`,
    )
    .all(customer.id) as (ClinicalNotesTable & { author: string | null })[];
  const notes = rows.map((r) => {
    if (r.key_id !== id) {
      throw new AppError(
        'clinical_key_mismatch',
        `clinical note ${r.id} sealed by key ${r.key_id}, this computer has ${id}`,
        'Esta anotação foi gravada com a chave de outro computador e não pode ser lida aqui.',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, r.iv);
      decipher.setAAD(aad(r.id, r.customer_id, r.kind));
      decipher.setAuthTag(r.tag);
      const text = Buffer.concat([decipher.update(r.ciphertext), decipher.final()]).toString('utf8');
      return { id: r.id, kind: r.kind, text, author: r.author, created_at: r.created_at };
    } catch {
      throw new AppError(
        'clinical_note_damaged',
        `clinical note ${r.id} failed authentication`,
        'Uma anotação clínica foi alterada no arquivo e não pode ser lida.',
      );
    }
  });
  return { customer_id: customer.id, customer_name: customer.name, notes };
}
