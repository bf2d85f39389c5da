import { call } from '../../api';
import type { OpOutput } from '../../../../app/contract/operations';

export type LeadConfig = OpOutput<'leads.config'>;
export type LeadListRow = OpOutput<'leads.list'>['leads'][number];
export type LeadDetailData = OpOutput<'leads.get'>;
export type Stage = LeadListRow['stage'];

export const OPEN: Stage[] = ['novo', 'contatado', 'interessado', 'agendado'];
export const ALL_STAGES: Stage[] = [...OPEN, 'convertido', 'perdido'];

export function originLabel(config: LeadConfig, key: string): string {
  return config.origins.find((o) => o.key === key)?.label ?? key;
}

/**
 * Moves a lead to a stage the way the funnel allows: forward or to perdido (`leads.move`), back
 * by `leads.reopen`. Conversion is its own dialog.
 */
export async function moveTo(lead: { id: string; stage: Stage }, to: Stage, reason?: string): Promise<void> {
  const back = lead.stage === 'perdido' || ALL_STAGES.indexOf(to) < ALL_STAGES.indexOf(lead.stage);
  if (back && to !== 'perdido') await call('leads.reopen', { lead_id: lead.id, stage: to, reason });
  else await call('leads.move', { lead_id: lead.id, stage: to, reason });
}

/** Saves a file the core produced (CSV text or base64 bytes). */
export function download(file: { filename: string; mime: string; encoding: 'text' | 'base64'; content: string }): void {
  const bytes =
    file.encoding === 'base64'
      ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(file.content);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file's bytes as base64, for `leads.import`. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
