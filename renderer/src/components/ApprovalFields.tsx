import type { ApiError } from '../api';

export interface ApprovalInput {
  login: string;
  pin: string;
}

interface ApprovalFieldsProps {
  value: ApprovalInput;
  onChange: (value: ApprovalInput) => void;
  error: ApiError | null;
  autoFocus?: boolean;
}

/** A supervisor's login and PIN, typed on the cashier's screen to authorise one action. */
export function ApprovalFields({ value, onChange, error, autoFocus }: ApprovalFieldsProps) {
  return (
    <fieldset>
      <legend>Aprovação do gerente</legend>
      <label className="field">
        <span>Login do gerente</span>
        <input
          autoFocus={autoFocus}
          value={value.login}
          onChange={(e) => onChange({ ...value, login: e.target.value })}
        />
        {error?.fieldMessage('approval.login') && (
          <small className="field-error">{error.fieldMessage('approval.login')}</small>
        )}
      </label>
      <label className="field">
        <span>PIN do gerente</span>
        <input
          type="password"
          inputMode="numeric"
          value={value.pin}
          onChange={(e) => onChange({ ...value, pin: e.target.value })}
        />
        {error?.fieldMessage('approval.pin') && (
          <small className="field-error">{error.fieldMessage('approval.pin')}</small>
        )}
      </label>
    </fieldset>
  );
}
