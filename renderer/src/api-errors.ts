import { ApiError } from './api';

/** Which field a domain refusal (an AppError code with no field path) belongs next to. */
export type CodeFields = Partial<Record<string, string>>;

/** A client-side refusal shaped like the server's, so fields show it the same way. */
export function localError(path: string, message: string): ApiError {
  return new ApiError({ code: 'invalid_input', message, details: { issues: [{ path, message }] } });
}

/** Anything a submit threw, as an ApiError: a bug or a lost promise still shows a message. */
export function errorOf(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ code: 'unexpected', message: 'Erro inesperado.' });
}

/** The message to show above the buttons when no field holds it. */
export function formLevelMessage(error: ApiError | null): string | undefined {
  if (!error) return undefined;
  return error.issues ? undefined : error.message;
}

const under = (path: string, field: string) => path === field || path.startsWith(`${field}.`);

/**
 * The pt-BR message to show next to `field`: a validation issue on it (or inside it, e.g.
 * items.0.qty under items), or a refusal that belongs there.
 */
export function messageFor(error: ApiError | null, field: string, codeFields: CodeFields = {}): string | undefined {
  if (!error) return undefined;
  const issue = error.issues?.find((i) => under(i.path, field));
  if (issue) return issue.message;
  return codeFields[error.error.code] === field ? error.message : undefined;
}

/** What no field shows: the refusal itself, or an issue on a path the form has no field for. */
export function generalMessage(error: ApiError | null, fields: string[], codeFields: CodeFields = {}) {
  if (!error) return undefined;
  const issues = error.issues;
  if (issues) return issues.find((i) => !fields.some((f) => under(i.path, f)))?.message;
  return codeFields[error.error.code] ? undefined : error.message;
}
