import { TZDate } from '@date-fns/tz';
import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { parseMoney } from '../../format';
import { generalMessage, messageFor, type CodeFields } from '../../api-errors';
import type { ActionDialogProps } from './CancelSaleDialog';

const CODE_FIELDS: CodeFields = { invalid_nfe_key: 'nfe_key', nfe_key_taken: 'nfe_key' };
const TAXES = [
  ['icms', 'ICMS (R$)'],
  ['pis', 'PIS (R$)'],
  ['cofins', 'COFINS (R$)'],
  ['total', 'Total de tributos (R$)'],
] as const;
const PATHS = ['doc_type', 'fiscal_number', 'serie', 'cfop', 'nfe_key', 'issue_date', 'taxes'];

/** "2026-11-20T14:05" as the store's wall clock → ISO-8601 with the store's offset. */
function wallClockToIso(local: string, timeZone: string): string {
  const [date = '', time = ''] = local.split('T');
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, min = 0] = time.split(':').map(Number);
  if (!y) return local;
  return new TZDate(y, m - 1, d, h, min, timeZone).toISOString();
}

function nowWallClock(timeZone: string): string {
  return new TZDate(Date.now(), timeZone).toISOString().slice(0, 16);
}

/** Records the NF-e / NFC-e issued for the sale (number, series, CFOP, access key, taxes). */
export function FiscalDialog({ sale, onDone, onClose }: ActionDialogProps) {
  const tz = sale.store?.timezone ?? 'America/Sao_Paulo';
  const form = useForm({
    doc_type: 'NFCE',
    fiscal_number: '',
    serie: '1',
    cfop: '5102',
    nfe_key: '',
    issue_date: nowWallClock(tz),
    icms: '0,00',
    pis: '0,00',
    cofins: '0,00',
    total: '0,00',
  });
  const [localErrors, setLocalErrors] = useState<Partial<Record<string, string>>>({});

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const v = form.values;
    const taxes = {
      icms: parseMoney(v.icms),
      pis: parseMoney(v.pis),
      cofins: parseMoney(v.cofins),
      total: parseMoney(v.total),
    };
    const bad = Object.fromEntries(
      TAXES.filter(([k]) => taxes[k] === null).map(([k]) => [`taxes.${k}`, 'Valor inválido.']),
    );
    setLocalErrors(bad);
    if (Object.keys(bad).length) return;
    void form.submit(async () => {
      await call('sales.fiscal', {
        reference_external_id: sale.external_id,
        doc_type: v.doc_type === 'NFE' ? 'NFE' : 'NFCE',
        fiscal_number: v.fiscal_number,
        serie: v.serie,
        cfop: v.cfop,
        nfe_key: v.nfe_key,
        issue_date: wallClockToIso(v.issue_date, tz),
        taxes: { icms: taxes.icms ?? 0, pis: taxes.pis ?? 0, cofins: taxes.cofins ?? 0, total: taxes.total ?? 0 },
      });
      onDone();
    });
  }

  const err = (path: string) => localErrors[path] ?? messageFor(form.error, path, CODE_FIELDS);
  const general = generalMessage(form.error, PATHS, CODE_FIELDS);
  return (
    <Dialog title="Registrar dados fiscais" onClose={onClose} wide>
      <form onSubmit={onSubmit}>
        <div className="form-grid">
          <label className="field">
            <span>Documento</span>
            <select {...form.bind('doc_type')}>
              <option value="NFCE">NFC-e</option>
              <option value="NFE">NF-e</option>
            </select>
          </label>
          <Field label="Número" {...form.bind('fiscal_number')} id="fiscal_number" error={err('fiscal_number')} />
          <Field label="Série" {...form.bind('serie')} id="serie" error={err('serie')} />
          <Field label="CFOP" {...form.bind('cfop')} id="cfop" error={err('cfop')} />
          <Field
            label="Data e hora de emissão"
            type="datetime-local"
            {...form.bind('issue_date')}
            id="issue_date"
            error={err('issue_date')}
          />
        </div>
        <Field
          label="Chave de acesso (44 dígitos)"
          {...form.bind('nfe_key')}
          id="nfe_key"
          inputMode="numeric"
          error={err('nfe_key')}
        />
        <div className="form-grid">
          {TAXES.map(([key, label]) => (
            <Field
              key={key}
              label={label}
              {...form.bind(key)}
              id={`tax-${key}`}
              inputMode="decimal"
              error={err(`taxes.${key}`)}
            />
          ))}
        </div>
        <FormFooter error={general} submitLabel="Registrar" busy={form.busy} onBack={onClose} />
      </form>
    </Dialog>
  );
}
