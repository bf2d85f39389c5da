import { AppError } from '../contract/errors';
import type { Db } from '../db/db';
import { log } from '../log';
import { postJsonBlocking, type RawAnswer } from './sync-http';
import { endpoint } from './sync.client';
import { readSyncDevice } from './sync.state';

/**
 * Asks the sync server to renumber this device's own sale, one it already holds
 * (`POST /v1/sales/renumber`, `sync-server/sales-renumber.ts`): sales are facts, so a push can
 * never change a number the server has. Blocks for the answer (a user's click, like the
 * enrolment; at most 10 s). Throws, with nothing written here: `sync_unreachable` (no answer,
 * timeout, 5xx; retryable — the server may have renumbered it all the same, and then the next
 * pull brings the new number and the held sale goes in by itself), `sync_unauthorized`,
 * `sale_number_taken` (409: the server has another sale of this device with that number; the
 * settlement tries the next one), `key_conflict_synced` (the server says the sale is not this device's).
 */
export function renumberOnServer(db: Db, saleId: string, to: { number: string; seq: number }): void {
  const device = enrolled(db);
  const answer = postJsonBlocking(
    endpoint(device.server_url, '/v1/sales/renumber'),
    JSON.stringify({ sale_id: saleId, number: to.number, seq: to.seq }),
    10_000,
    { authorization: `Bearer ${device.token}` },
  );
  checkRenumberAnswer(saleId, answer);
}

/**
 * `renumberOnServer` awaited instead of blocking (tests whose sync server runs in the same
 * process, which a blocked thread could never answer). Same request, same refusals.
 */
export async function renumberOnServerAsync(db: Db, saleId: string, to: { number: string; seq: number }) {
  const device = enrolled(db);
  let answer: RawAnswer;
  try {
    const res = await fetch(endpoint(device.server_url, '/v1/sales/renumber'), {
      method: 'POST',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sale_id: saleId, number: to.number, seq: to.seq }),
      signal: AbortSignal.timeout(10_000),
    });
    answer = { status: res.status, text: await res.text() };
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  checkRenumberAnswer(saleId, answer);
}

function enrolled(db: Db) {
  const device = readSyncDevice(db);
  if (!device) {
    throw new AppError(
      'sync_not_enrolled',
      'renumbering an acknowledged sale needs the sync server',
      'Este computador não está vinculado ao servidor de sincronização.',
    );
  }
  return device;
}

/** Throws the refusal an answer of `POST /v1/sales/renumber` means; returns on 200. */
function checkRenumberAnswer(saleId: string, answer: RawAnswer): void {
  if ('error' in answer || answer.status >= 500 || answer.status === 429) {
    log.warn('sync settle: renumber request unanswered', {
      sale: saleId,
      reason: 'error' in answer ? answer.error : `status ${answer.status}`,
    });
    throw new AppError(
      'sync_unreachable',
      `sync server unreachable for renumbering sale ${saleId}`,
      'Sem resposta do servidor: a venda deste computador já está lá, e só o servidor pode mudar o número dela. Neste computador nada foi alterado; se o servidor chegou a mudar o número, a próxima sincronização traz o número novo. Tente de novo quando houver conexão.',
      { retryable: true },
    );
  }
  if (answer.status === 401) {
    throw new AppError(
      'sync_unauthorized',
      'sync server refused the device token while renumbering',
      'O servidor recusou este computador (dispositivo revogado ou desconhecido). Vincule-o novamente.',
    );
  }
  if (answer.status === 409 && answer.text.includes('number_taken')) {
    throw new AppError(
      'sale_number_taken',
      `sync server says ${saleId}'s new number is taken`,
      'O servidor já tem outra venda deste computador com o número novo. Sincronize e tente de novo; nada foi alterado.',
      { retryable: true },
    );
  }
  if (answer.status !== 200) {
    log.warn('sync settle: renumber refused by the server', {
      sale: saleId,
      status: answer.status,
      body: answer.text.slice(0, 300),
    });
    throw new AppError(
      'key_conflict_synced',
      `sync server refused renumbering sale ${saleId}: ${answer.status}`,
      'O servidor não aceitou mudar o número da venda deste computador. Nada foi alterado; fale com o suporte.',
    );
  }
}
