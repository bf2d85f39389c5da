import { useCallback, useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { CashSummaryView } from './CashSummaryView';
import { ClosingsList } from './ClosingsList';
import { CloseCash } from './CloseCash';
import { MovementForm } from './MovementForm';
import { OpenCash } from './OpenCash';
import { ReceberParcela } from './ReceberParcela';
import { ZReportView } from './ZReportView';
import './caixa.css';

type Summary = OpOutput<'cash.summary'>;
type Closing = OpOutput<'cash.close'>;
type State =
  | { kind: 'loading' }
  | { kind: 'closed' }
  | { kind: 'open'; summary: Summary }
  | { kind: 'report'; closing: Closing }
  | { kind: 'error'; message: string };

export function CaixaScreen() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      setState({ kind: 'open', summary: await call('cash.summary', {}) });
    } catch (e) {
      if (e instanceof ApiError && e.error.code === 'cash_not_open') setState({ kind: 'closed' });
      else setState({ kind: 'error', message: e instanceof ApiError ? e.message : 'Erro inesperado.' });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function openReport(closingId: string) {
    try {
      setState({ kind: 'report', closing: await call('cash.report', { closing_id: closingId }) });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof ApiError ? e.message : 'Erro ao abrir o relatório.' });
    }
  }

  switch (state.kind) {
    case 'loading':
      return <p className="muted">Carregando…</p>;
    case 'error':
      return (
        <p className="error" role="alert">
          {state.message}
        </p>
      );
    case 'closed':
      return (
        <div className="caixa-stack">
          <OpenCash onOpened={(summary) => setState({ kind: 'open', summary })} />
          <ClosingsList onOpen={(id) => void openReport(id)} />
        </div>
      );
    case 'report':
      return <ZReportView closing={state.closing} onDone={() => void load()} />;
    case 'open':
      return (
        <div className="caixa">
          <CashSummaryView summary={state.summary} />
          <div className="caixa-forms">
            <MovementForm onDone={(summary) => setState({ kind: 'open', summary })} />
            <CloseCash summary={state.summary} onClosed={(closing) => setState({ kind: 'report', closing })} />
          </div>
          <ReceberParcela onDone={() => void load()} />
          <ClosingsList onOpen={(id) => void openReport(id)} />
        </div>
      );
  }
}
