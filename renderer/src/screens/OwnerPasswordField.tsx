import { Field } from '../components/Field';

interface Props {
  name: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error?: string | undefined;
}

/**
 * The owner's optional password at first run. Recommended: a PIN of 4 to 8 digits is quick at the
 * counter but easy to guess; a password of 8+ characters protects the store's owner account, and
 * when set it replaces the PIN at sign-in.
 */
export function OwnerPasswordField({ error, ...bound }: Props) {
  return (
    <>
      <Field
        label="Senha (recomendado, 8 ou mais caracteres)"
        type="password"
        autoComplete="new-password"
        error={error}
        {...bound}
      />
      <p className="muted">
        Recomendamos uma senha para o dono: ela protege a loja melhor que o PIN e passa a ser usada no lugar dele para
        entrar. Deixe em branco para entrar só com o PIN.
      </p>
    </>
  );
}
