import { useEffect, useRef, useState } from 'react';
import { ApiError, call } from '../../api';
import { ReceiptView, type ReceiptSale } from '../../components/receipt/ReceiptView';
import { printScreen } from '../../print';

type Sale = ReceiptSale;

interface ReceiptProps {
  saleId: string;
  onNext: () => void;
}

/** The receipt preview after a sale (80 or 58 mm by setting); Enter or Esc starts the next sale. */
export function Receipt({ saleId, onNext }: ReceiptProps) {
  const [sale, setSale] = useState<Sale | null>(null);
  const [error, setError] = useState('');
  const nextRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    call('sales.get', { sale_id: saleId })
      .then(setSale)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Erro ao carregar a venda.'));
  }, [saleId]);

  useEffect(() => {
    nextRef.current?.focus();
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== 'Escape' && e.key !== 'Enter') return;
      if (e.key === 'Enter' && e.target instanceof HTMLButtonElement && e.target !== nextRef.current) return;
      e.preventDefault();
      onNext();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onNext]);

  return (
    <section className="receipt-screen" aria-label="Comprovante">
      {error && <p className="error">{error}</p>}
      {sale && <ReceiptView sale={sale} />}
      <div className="actions no-print">
        <button type="button" onClick={() => void printScreen()}>
          Imprimir
        </button>
        <button ref={nextRef} type="button" className="primary" onClick={onNext}>
          Próxima venda (Enter/Esc)
        </button>
      </div>
    </section>
  );
}
