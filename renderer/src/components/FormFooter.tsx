interface FormFooterProps {
  /** A refusal that no field holds. */
  error?: string | undefined;
  submitLabel: string;
  busy: boolean;
  danger?: boolean;
  onBack: () => void;
}

/** The end of a dialog's form: its general error, then Voltar (Esc) and the submit button. */
export function FormFooter({ error, submitLabel, busy, danger, onBack }: FormFooterProps) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onBack}>
          Voltar (Esc)
        </button>
        <button type="submit" className={danger ? 'primary danger' : 'primary'} disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
