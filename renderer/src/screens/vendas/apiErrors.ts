import type { ApiError } from '../../api';

/** Which field a domain refusal (an AppError code with no field path) belongs next to. */
export type CodeFields = Partial<Record<string, string>>;

interface Issue {
  path: string;
  message: string;
}

function issuesOf(error: ApiError): Issue[] | undefined {
  return error.error.details?.issues as Issue[] | undefined;
}

const under = (path: string, field: string) => path === field || path.startsWith(`${field}.`);

/**
 * The pt-BR message to show next to `field`: a validation issue on it (or inside it, e.g.
 * items.0.qty under items), or a refusal that belongs there.
 */
export function messageFor(error: ApiError | null, field: string, codeFields: CodeFields = {}): string | undefined {
  if (!error) return undefined;
  const issue = issuesOf(error)?.find((i) => under(i.path, field));
  if (issue) return issue.message;
  return codeFields[error.error.code] === field ? error.message : undefined;
}

/** What no field shows: the refusal itself, or an issue on a path the form has no field for. */
export function generalMessage(error: ApiError | null, fields: string[], codeFields: CodeFields = {}) {
  if (!error) return undefined;
  const issues = issuesOf(error);
  if (issues) return issues.find((i) => !fields.some((f) => under(i.path, f)))?.message;
  return codeFields[error.error.code] ? undefined : error.message;
}
