import type { OpInput, OpName, OpOutput } from '../../app/contract/operations';
import type { OpError, OpResult } from '../../app/contract/errors';

declare global {
  interface Window {
    balcao?: { invoke(op: string, input: unknown): Promise<unknown> };
  }
}

export interface Issue {
  path: string;
  message: string;
}

/** Thrown by `call` so screens can show the pt-BR message next to the field (see api-errors.ts). */
export class ApiError extends Error {
  constructor(readonly error: OpError) {
    super(error.message);
  }
  /** The validation issues of an invalid_input refusal; undefined for any other refusal. */
  get issues(): Issue[] | undefined {
    return this.error.details?.issues as Issue[] | undefined;
  }
  /** The pt-BR message of the first issue on a field path, if any. */
  fieldMessage(path: string): string | undefined {
    return this.issues?.find((i) => i.path === path)?.message;
  }
}

async function transport(op: string, input: unknown): Promise<OpResult<unknown>> {
  if (window.balcao) return (await window.balcao.invoke(op, input)) as OpResult<unknown>;
  const res = await fetch(`./rpc/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return (await res.json()) as OpResult<unknown>;
}

/** Typed from the contract: renaming an operation breaks the build here, not at the counter. */
export async function invoke<N extends OpName>(op: N, input: OpInput<N>): Promise<OpResult<OpOutput<N>>> {
  try {
    return (await transport(op, input)) as OpResult<OpOutput<N>>;
  } catch {
    return { ok: false, error: { code: 'transport_error', message: 'Sem comunicação com o Balcão. Tente novamente.' } };
  }
}

export async function call<N extends OpName>(op: N, input: OpInput<N>): Promise<OpOutput<N>> {
  const result = await invoke(op, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}
