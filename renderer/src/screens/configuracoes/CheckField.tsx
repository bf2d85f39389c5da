interface CheckFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
}

/** A labelled checkbox with its pt-BR error below it. */
export function CheckField({ label, checked, onChange, error }: CheckFieldProps) {
  return (
    <label className="field cfg-check">
      <span>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
      </span>
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </label>
  );
}
