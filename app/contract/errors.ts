/** Error codes the user can see; each carries a pt-BR message for the user and an English one for logs. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: string,
    /** English, for logs. */
    message: string,
    /** pt-BR, for the user. */
    readonly userMessage: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface OpError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type OpResult<T> = { ok: true; value: T } | { ok: false; error: OpError };
