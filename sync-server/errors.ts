/**
 * A refusal the server answers as `{ error: { code, message } }` with `status` (English message;
 * the device maps the code to its own pt-BR text). Never carries a token or a row's values.
 */
export class SyncError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The mutation that made a whole batch refused, when one did (`error.mutation_id`). */
    readonly mutationId?: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}
