import type { Context } from '../contract/context';
import { getSetting, putSetting } from '../settings/settings.queries';

/** How this computer prints receipts. Per device, so kept in settings and never synced. */
export interface PrintingSettings {
  silent: boolean;
  printer_name: string | null;
}

export const PRINT_SILENT_KEY = 'print.silent';
export const PRINT_PRINTER_KEY = 'print.printer_name';

export function getPrinting(ctx: Context): PrintingSettings {
  return {
    silent: getSetting<boolean>(ctx.db, PRINT_SILENT_KEY) ?? false,
    printer_name: getSetting<string | null>(ctx.db, PRINT_PRINTER_KEY) ?? null,
  };
}

export function setPrinting(ctx: Context, changes: Partial<PrintingSettings>): PrintingSettings {
  const now = ctx.clock.now().toISOString();
  if (changes.silent !== undefined) putSetting(ctx.db, PRINT_SILENT_KEY, changes.silent, now);
  if (changes.printer_name !== undefined) putSetting(ctx.db, PRINT_PRINTER_KEY, changes.printer_name, now);
  return getPrinting(ctx);
}
