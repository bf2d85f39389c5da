import type { ApiError } from '../../api';
import { formLevelMessage } from '../../api-errors';

/** The form's outcome: a refusal no field holds, or what was saved. */
export function FormStatus({ error, saved }: { error: ApiError | null; saved?: string | undefined }) {
  const message = formLevelMessage(error);
  if (message) {
    return (
      <p className="error" role="alert">
        {message}
      </p>
    );
  }
  if (saved && !error) {
    return (
      <p className="cfg-saved" role="status">
        {saved}
      </p>
    );
  }
  return null;
}
