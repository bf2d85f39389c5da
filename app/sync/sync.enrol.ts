import { hostname } from 'node:os';
import { z } from 'zod';
import type { Db } from '../db/db';
import { AppError } from '../contract/errors';
import { line } from '../contract/schemas';
import { newId } from '../db/ids';
import { log } from '../log';
import { getSetting } from '../settings/settings.queries';
import { DEVICE_STORE_KEY } from '../settings/device.settings';
import { findStore } from '../store/store.queries';
import type { EnrolRequest, EnrolResponse } from './protocol';
import { EnrolResponseSchema, endpoint, interpret, postEnrol, type FetchLike, type HttpOutcome } from './sync.client';
import { postJsonBlocking } from './sync-http';
import { readSyncDevice, saveIdentity } from './sync.state';

/** Input of `sync.enrol` and `sync enrol`. */
export const enrolSchema = z.object({
  server_url: z
    .string()
    .trim()
    .max(500, { message: 'O endereço do servidor é longo demais.' })
    .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), {
      message: 'Informe o endereço do servidor, começando com http:// ou https://.',
    }),
  code: line(100).min(1, { message: 'Informe o código de vinculação.' }),
});
export type EnrolInput = z.output<typeof enrolSchema>;

/** What enrolment returns (never the token). */
export interface EnrolView {
  enrolled: true;
  server_url: string;
  tenant_id: string;
  store_id: string;
  device_id: string;
}

/**
 * Builds the enrolment request from this desktop's store. Refuses (pt-BR) when the store is not
 * set up, or when this desktop is already enrolled and its token still works (a refused token —
 * a revoked device — may enrol again).
 */
export function prepareEnrol(db: Db, code: string): EnrolRequest {
  const storeId = getSetting<string>(db, DEVICE_STORE_KEY);
  const store = storeId ? findStore(db, storeId) : undefined;
  if (!store) {
    throw new AppError(
      'setup_required',
      'Store is not set up yet',
      'Configure a loja antes de vincular este computador.',
    );
  }
  const current = readSyncDevice(db);
  if (current && current.last_error_code !== 'sync_unauthorized') {
    throw new AppError(
      'sync_already_enrolled',
      `Device already enrolled with ${current.server_url}`,
      `Este computador já está vinculado ao servidor ${current.server_url}.`,
    );
  }
  return {
    code,
    store_id: store.id,
    store_name: store.name.slice(0, 120),
    store_code: store.code,
    // Enrolling again (after a revocation) keeps the device id: the server keeps its push position.
    device_id: current?.device_id ?? newId(),
    device_name: (hostname() || 'Balcão').slice(0, 120),
  };
}

const REFUSAL_TEXT: Record<string, string> = {
  invalid_code: 'Código de vinculação inválido, já usado ou expirado. Gere outro no servidor.',
  device_store_mismatch: 'Este computador já foi vinculado a outra loja neste servidor.',
  code_expired: 'Este código de vinculação expirou. Gere outro no servidor.',
  code_used: 'Este código de vinculação já foi usado. Gere outro no servidor.',
  store_code_taken:
    'Já existe outra loja com o código desta loja na rede. Mude o código da loja em Configurações ou, se é a mesma loja, use "Entrar numa loja existente" num computador novo.',
  unknown_store: 'Essa loja não existe na rede (ou ainda não enviou seus dados ao servidor). Confira o código da loja.',
};

/**
 * Stores the identity the server answered, or throws the pt-BR reason: `sync_unreachable`
 * (no answer), `sync_enrol_refused` (the server refused the code).
 */
export function finishEnrol(db: Db, serverUrl: string, outcome: HttpOutcome<EnrolResponse>, now: string): EnrolView {
  if (outcome.kind === 'unreachable' || (outcome.kind === 'refused' && outcome.status < 400)) {
    log.warn('sync enrol failed: server unreachable', { server: serverUrl, reason: outcome.message });
    throw new AppError(
      'sync_unreachable',
      `Sync server ${serverUrl} unreachable: ${outcome.message}`,
      `Não foi possível falar com o servidor ${serverUrl}. Verifique o endereço e a conexão.`,
    );
  }
  if (outcome.kind === 'refused') {
    log.warn('sync enrol refused', { server: serverUrl, status: outcome.status, code: outcome.code });
    const text =
      REFUSAL_TEXT[outcome.code] ??
      (outcome.status === 404 && outcome.code === 'http_404'
        ? 'Este endereço não é de um servidor de sincronização do Balcão.'
        : 'O servidor recusou o código de vinculação: confira o código ou gere outro.');
    throw new AppError('sync_enrol_refused', `Enrolment refused (${outcome.status} ${outcome.code})`, text, {
      server_code: outcome.code,
    });
  }
  const { token, tenant_id, store_id, device_id } = outcome.value;
  saveIdentity(db, { server_url: serverUrl, tenant_id, store_id, device_id, token, enrolled_at: now });
  log.info('device enrolled', { server: serverUrl, tenant: tenant_id, store: store_id, device: device_id });
  return { enrolled: true, server_url: serverUrl, tenant_id, store_id, device_id };
}

/** Enrols asynchronously (the CLI). */
export async function enrolDevice(
  db: Db,
  input: EnrolInput,
  options: { now: () => Date; fetch?: FetchLike },
): Promise<EnrolView> {
  const request = prepareEnrol(db, input.code);
  const outcome = await postEnrol(input.server_url, request, { fetch: options.fetch });
  return db.transaction(() => finishEnrol(db, input.server_url, outcome, options.now().toISOString()));
}

/**
 * Enrols from a synchronous operation handler: the POST runs in a worker while the handler
 * waits (at most ~11 s); the op is declared `readonly`, so no write transaction is held while
 * waiting, and the identity is then written in a short one.
 */
export function enrolDeviceBlocking(db: Db, input: EnrolInput, now: () => Date): EnrolView {
  const request = prepareEnrol(db, input.code);
  const answer = postJsonBlocking(endpoint(input.server_url, '/v1/enrol'), JSON.stringify(request));
  const outcome: HttpOutcome<EnrolResponse> =
    'error' in answer
      ? { kind: 'unreachable', message: answer.error }
      : interpret(answer.status, answer.text, EnrolResponseSchema);
  return db.transaction(() => finishEnrol(db, input.server_url, outcome, now().toISOString()));
}
