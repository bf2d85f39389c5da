import { z } from 'zod';
import { AppError } from '../contract/errors';
import type { Db } from '../db/db';
import { log } from '../log';
import { getBlocking, type RawAnswer } from '../sync/sync-http';
import { endpoint, interpret } from '../sync/sync.client';
import { SYNC_MESSAGES } from '../sync/sync.push';
import { readSyncDevice } from '../sync/sync.state';
import type { Kpis } from './kpis';

/**
 * "Todas as lojas" on the owner's Dashboard (issue 14): the tenant's consolidated KPIs, asked of
 * the sync server's `GET /v1/reports/kpis` with this desktop's token. The server computes them
 * with the same definitions (`computeKpis`) over every store's rows it holds; `data_seq` is the
 * position of its log they include.
 */
export interface ConsolidatedKpis {
  scope: 'all_stores';
  kpis: Kpis;
  /** The server's `sync_log` position the answer includes. */
  data_seq: number;
}

/** Whether "todas as lojas" can be asked now, and the pt-BR reason when not. */
export interface ConsolidatedAvailability {
  available: boolean;
  reason_code: 'sync_not_enrolled' | 'sync_unreachable' | 'sync_unauthorized' | null;
  reason: string | null;
}

export const CONSOLIDATED_MESSAGES = {
  sync_not_enrolled:
    'Este computador não está vinculado a um servidor de sincronização. Vincule-o em Configurações → Sincronização para ver todas as lojas.',
  sync_unreachable:
    'Sem conexão com o servidor de sincronização: a visão de todas as lojas não está disponível agora. Os números desta loja continuam aqui.',
  sync_unauthorized: SYNC_MESSAGES.unauthorized,
  sync_report_refused: 'O servidor de sincronização recusou o pedido do relatório consolidado.',
  sync_report_unsupported:
    'O servidor de sincronização não oferece relatórios consolidados. Atualize o servidor para ver todas as lojas.',
} as const;

/** Answer timeout: the first report of a large tenant builds the server's replica. */
const REPORT_TIMEOUT_MS = 30_000;

const ReportAnswer = z.object({
  report: z.literal('kpis'),
  data_seq: z.number().int().nonnegative(),
  result: z
    .object({
      net_revenue: z.number(),
      by_day: z.array(z.unknown()),
      by_location: z.array(z.unknown()),
      previous: z.object({}).passthrough(),
    })
    .passthrough(),
});

/**
 * From the enrolment and the last contact with the server: enrolled, and the last push/pull
 * reached the server (`sync_device.connected`), and the token was not refused.
 */
export function consolidatedAvailability(db: Db): ConsolidatedAvailability {
  const device = readSyncDevice(db);
  const no = (reason_code: NonNullable<ConsolidatedAvailability['reason_code']>): ConsolidatedAvailability => ({
    available: false,
    reason_code,
    reason: CONSOLIDATED_MESSAGES[reason_code],
  });
  if (!device) return no('sync_not_enrolled');
  if (device.last_error_code === 'sync_unauthorized') return no('sync_unauthorized');
  if (device.connected !== 1) return no('sync_unreachable');
  return { available: true, reason_code: null, reason: null };
}

/**
 * The tenant's KPIs for local dates [from, to] over every store, from the sync server. Blocks
 * (a worker does the GET) at most ~31 s; the operation runs in the analytics worker thread.
 * Errors (AppError, pt-BR): `sync_not_enrolled`; `sync_unreachable` (no answer, timeout, 5xx,
 * 429); `sync_unauthorized` (401: token revoked); `sync_report_refused` (another 4xx or an
 * unexpected body; 404 without a reports route says to update the server).
 */
export function consolidatedKpis(
  db: Db,
  from: string,
  to: string,
  get: (url: string, headers: Record<string, string>, timeoutMs: number) => RawAnswer = getBlocking,
): ConsolidatedKpis {
  const device = readSyncDevice(db);
  if (!device) {
    throw new AppError(
      'sync_not_enrolled',
      'Consolidated KPIs asked on a desktop not enrolled',
      CONSOLIDATED_MESSAGES.sync_not_enrolled,
    );
  }
  const query = new URLSearchParams({ from, to });
  const url = endpoint(device.server_url, `/v1/reports/kpis?${query.toString()}`);
  const answer = get(url, { authorization: `Bearer ${device.token}` }, REPORT_TIMEOUT_MS);
  const outcome =
    'error' in answer
      ? { kind: 'unreachable' as const, message: answer.error }
      : interpret(answer.status, answer.text, ReportAnswer);
  if (outcome.kind === 'ok') {
    return { scope: 'all_stores', kpis: outcome.value.result as unknown as Kpis, data_seq: outcome.value.data_seq };
  }
  if (outcome.kind === 'unreachable') {
    log.warn('consolidated KPIs: sync server unreachable', { server: device.server_url, reason: outcome.message });
    throw new AppError(
      'sync_unreachable',
      `Sync server unreachable: ${outcome.message}`,
      CONSOLIDATED_MESSAGES.sync_unreachable,
    );
  }
  log.warn('consolidated KPIs refused', { server: device.server_url, status: outcome.status, code: outcome.code });
  if (outcome.status === 401) {
    throw new AppError(
      'sync_unauthorized',
      'Device token refused by the sync server',
      CONSOLIDATED_MESSAGES.sync_unauthorized,
    );
  }
  const unsupported = outcome.status === 404 && (outcome.code === 'not_found' || outcome.code === 'http_404');
  throw new AppError(
    'sync_report_refused',
    `Consolidated KPIs refused (${outcome.status} ${outcome.code}): ${outcome.message}`,
    unsupported ? CONSOLIDATED_MESSAGES.sync_report_unsupported : CONSOLIDATED_MESSAGES.sync_report_refused,
    { server_code: outcome.code },
  );
}
