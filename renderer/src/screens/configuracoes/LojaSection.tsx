import { useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { formatCnpj } from '../../format';
import { listPrinters } from '../../print';
import { useSession } from '../../session-store';
import { CheckField } from './CheckField';
import { FormStatus } from './FormStatus';
import { LogoField } from './LogoField';
import { usePixKeyChoice } from './PixKeyChoice';
import { SelectField } from './SelectField';

type Store = OpOutput<'store.get'>;

const TIMEZONES = [
  ['America/Sao_Paulo', 'Brasília (America/Sao_Paulo)'],
  ['America/Bahia', 'Bahia (America/Bahia)'],
  ['America/Fortaleza', 'Fortaleza (America/Fortaleza)'],
  ['America/Recife', 'Recife (America/Recife)'],
  ['America/Maceio', 'Maceió (America/Maceio)'],
  ['America/Belem', 'Belém (America/Belem)'],
  ['America/Araguaina', 'Araguaína (America/Araguaina)'],
  ['America/Santarem', 'Santarém (America/Santarem)'],
  ['America/Cuiaba', 'Cuiabá (America/Cuiaba)'],
  ['America/Campo_Grande', 'Campo Grande (America/Campo_Grande)'],
  ['America/Manaus', 'Manaus (America/Manaus)'],
  ['America/Porto_Velho', 'Porto Velho (America/Porto_Velho)'],
  ['America/Boa_Vista', 'Boa Vista (America/Boa_Vista)'],
  ['America/Rio_Branco', 'Rio Branco (America/Rio_Branco)'],
  ['America/Noronha', 'Fernando de Noronha (America/Noronha)'],
] as const;

const WIDTHS = [
  ['80', '80 mm (padrão)'],
  ['58', '58 mm (bobina estreita)'],
] as const;

/** Store data (synced to every device) and this computer's printer (local). */
export function LojaSection({ store, onSaved }: { store: Store; onSaved: (s: Store) => void }) {
  const refreshSession = useSession((s) => s.refresh);
  const form = useForm({
    name: store.name,
    cnpj: store.cnpj ? formatCnpj(store.cnpj) : '',
    address: store.address ?? '',
    city: store.city ?? '',
    pix_key: store.pix_key ?? '',
    timezone: store.timezone,
    receipt_width_mm: String(store.receipt_width_mm),
    printer_name: store.printing.printer_name ?? '',
  });
  const pix = usePixKeyChoice(form.error, form.values.pix_key);
  const [silent, setSilent] = useState(store.printing.silent);
  const [printers, setPrinters] = useState<string[]>([]);
  useEffect(() => {
    listPrinters().then(setPrinters, () => setPrinters([]));
  }, []);
  const [saved, setSaved] = useState('');
  const { values } = form;
  const timezones = TIMEZONES.some(([tz]) => tz === store.timezone)
    ? TIMEZONES
    : [[store.timezone, store.timezone] as const, ...TIMEZONES];

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    void form.submit(async () => {
      const updated = await call('store.update', {
        name: values.name,
        cnpj: values.cnpj.trim() === '' ? null : values.cnpj,
        address: values.address,
        city: values.city,
        pix_key: values.pix_key,
        pix_key_type: pix.typeFor(values.pix_key),
        timezone: values.timezone,
        receipt_width_mm: values.receipt_width_mm === '58' ? 58 : 80,
        printing: { silent, printer_name: values.printer_name },
      });
      onSaved(updated);
      setSaved('Dados da loja salvos.');
      await refreshSession();
    });
  }

  return (
    <>
      <form className="cfg-form" onSubmit={onSubmit} aria-label="Dados da loja">
        <h2>Loja</h2>
        <div className="cfg-grid">
          <Field label="Nome da loja" {...form.bind('name')} error={form.fieldError('name')} autoFocus />
          <Field label="CNPJ" {...form.bind('cnpj')} error={form.fieldError('cnpj')} />
          <Field label="Endereço" {...form.bind('address')} error={form.fieldError('address')} />
          <Field label="Cidade" {...form.bind('city')} error={form.fieldError('city')} />
          <Field
            label="Chave PIX (CPF, CNPJ, e-mail, celular ou aleatória)"
            {...form.bind('pix_key')}
            error={form.fieldError('pix_key')}
          />
          {pix.choice}
          <SelectField
            label="Fuso horário"
            options={timezones}
            {...form.bind('timezone')}
            error={form.fieldError('timezone')}
          />
        </div>
        <fieldset>
          <legend>Impressão do cupom</legend>
          <div className="cfg-grid">
            <SelectField
              label="Largura do cupom"
              options={WIDTHS}
              {...form.bind('receipt_width_mm')}
              error={form.fieldError('receipt_width_mm')}
            />
            <Field
              label="Impressora deste computador (opcional)"
              list="cfg-printers"
              {...form.bind('printer_name')}
              error={form.fieldError('printing.printer_name')}
            />
            <datalist id="cfg-printers">
              {printers.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
          <CheckField label="Imprimir sem abrir a janela de impressão" checked={silent} onChange={setSilent} />
        </fieldset>
        <FormStatus error={form.error} saved={saved} />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Salvar dados da loja
          </button>
        </div>
      </form>
      <LogoField />
    </>
  );
}
