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

export interface InputIssue {
  path: string;
  message: string;
}

/**
 * Validation issues as every transport reports them (dotted paths) and the pt-BR message that
 * names the first; `pathPrefix` places issues of a nested payload under its field.
 */
export function invalidInput(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  pathPrefix: readonly string[] = [],
): { message: string; issues: InputIssue[] } {
  const mapped = issues.map((i) => ({ path: [...pathPrefix, ...i.path].join('.'), message: i.message }));
  const first = mapped[0];
  const where = first?.path ? ` (${first.path}: ${first.message})` : first ? ` (${first.message})` : '';
  return { message: `Dados inválidos${where}.`, issues: mapped };
}
