import { ApiError } from '../../api';

/** A client-side refusal shaped like the server's, so fields show it the same way. */
export function localError(path: string, message: string): ApiError {
  return new ApiError({ code: 'invalid_input', message, details: { issues: [{ path, message }] } });
}

/** The message of the first issue whose path is `prefix` or under it (e.g. barcodes.2). */
export function issueUnder(error: ApiError | null, prefix: string): string | undefined {
  const issues = error?.error.details?.issues as { path: string; message: string }[] | undefined;
  return issues?.find((i) => i.path === prefix || i.path.startsWith(`${prefix}.`))?.message;
}

/** The message to show above the buttons when no field holds it. */
export function formLevelMessage(error: ApiError | null): string | undefined {
  if (!error) return undefined;
  return error.error.details?.issues ? undefined : error.message;
}

/** "5", "3,5", "2.25" → 5 / 3.5 / 2.25; null when not 0–100 with at most two decimals. */
export function parsePercent(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/%$/, '').trim());
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp / 100 : null;
}

export function formatPercent(rate: number): string {
  return `${rate.toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`;
}

/** Bytes → base64, in chunks so a large file does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** CSV text: UTF-8 when it is valid UTF-8, otherwise Windows-1252 (what Excel in Brazil writes). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function errorOf(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ code: 'unexpected', message: 'Erro inesperado.' });
}

interface Bindable<T> {
  bind: (name: keyof T & string) => { onChange: (e: { target: { value: string } }) => void };
}

/** Puts a record's values into a useForm form (to edit a row picked from a list). */
export function fillForm<T extends Record<string, string>>(form: Bindable<T>, values: T): void {
  for (const name of Object.keys(values) as (keyof T & string)[]) {
    form.bind(name).onChange({ target: { value: values[name] ?? '' } });
  }
}
