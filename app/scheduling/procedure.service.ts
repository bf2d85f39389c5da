import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { updateRow } from '../sync/outbox';
import { findProcedure, requireResource } from './scheduling.queries';

/** The agenda's fields of an `upsert_product` line (catalog.schemas.ts). */
export interface ProcedureSettingsInput {
  kind: 'goods' | 'service' | 'package';
  buffer_minutes?: number | undefined;
  resources?: string[] | undefined;
  package_procedure_external_id?: string | undefined;
  sessions?: number | undefined;
}

/**
 * Stores a procedure's `buffer_minutes` (held after it) and the resources it needs (resource
 * external ids), and a package's procedure (a service with a duration) and sessions. Fields
 * left out keep their value. Called by catalog's upsertProduct in the same transaction.
 */
export function applyProcedureSettings(ctx: Context, productId: string, input: ProcedureSettingsInput): void {
  const changes: {
    buffer_minutes?: number;
    resource_ids?: string;
    package_procedure_id?: string | null;
    package_sessions?: number | null;
  } = {};
  if (input.buffer_minutes !== undefined) changes.buffer_minutes = input.buffer_minutes;
  if (input.resources !== undefined) {
    changes.resource_ids = JSON.stringify([...new Set(input.resources.map((r) => requireResource(ctx, r).id))]);
  }
  if (input.kind === 'package' && input.package_procedure_external_id !== undefined) {
    const procedure = findProcedure(ctx.db, input.package_procedure_external_id);
    if (!procedure || procedure.kind !== 'service') {
      throw new AppError(
        'unknown_procedure',
        `Package names unknown procedure ${input.package_procedure_external_id}`,
        `Procedimento do pacote desconhecido: ${input.package_procedure_external_id}.`,
        { external_id: input.package_procedure_external_id },
      );
    }
    changes.package_procedure_id = procedure.id;
    changes.package_sessions = input.sessions ?? null;
  }
  if (input.kind !== 'package') {
    changes.package_procedure_id = null;
    changes.package_sessions = null;
  }
  updateRow(ctx, 'products', productId, changes);
}
