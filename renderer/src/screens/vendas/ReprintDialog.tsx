import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ReceiptView } from '../../components/receipt/ReceiptView';
import { printScreen } from '../../print';
import type { SaleDetailData } from './labels';

/** The same 80 mm receipt as at the PDV, as the sale stands now (cancelled, refunds, fiscal key). */
export function ReprintDialog({ sale, onClose }: { sale: SaleDetailData; onClose: () => void }) {
  const [error, setError] = useState('');
  function print() {
    setError('');
    printScreen().catch((e: unknown) => setError(e instanceof Error ? e.message : 'Falha ao imprimir.'));
  }
  return (
    <Dialog title="Reimprimir cupom" onClose={onClose}>
      <div className="reprint">
        <ReceiptView sale={sale} reprint />
      </div>
      {error && (
        <p className="error no-print" role="alert">
          {error}
        </p>
      )}
      <div className="actions no-print">
        <button type="button" className="primary" onClick={print}>
          Imprimir
        </button>
        <button type="button" onClick={onClose}>
          Fechar (Esc)
        </button>
      </div>
    </Dialog>
  );
}
