import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { addProduct, cartTotals, type CartLine, type Product } from './cart';
import { CartTable } from './CartTable';
import { CustomerDialog, type SaleCustomer } from './CustomerDialog';
import { DiscountDialog } from './DiscountDialog';
import { PaymentDialog } from './PaymentDialog';
import { paymentSums, type Tender } from './payments';
import { ProductSearch } from './ProductSearch';
import { Receipt } from './Receipt';
import { SaleSummary } from './SaleSummary';
import { useHotkeys } from './useHotkeys';

type DialogKind = 'payment' | 'discount' | 'customer' | null;
type Salesperson = OpOutput<'salespeople.list'>[number];

export function PdvScreen() {
  const [lines, setLines] = useState<CartLine[]>([]);
  const [orderDiscount, setOrderDiscount] = useState(0);
  const [customer, setCustomer] = useState<SaleCustomer | null>(null);
  const [salespeople, setSalespeople] = useState<Salesperson[]>([]);
  const [salesperson, setSalesperson] = useState('');
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [notice, setNotice] = useState('');
  const [payError, setPayError] = useState('');
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const totals = cartTotals(lines, orderDiscount);

  useEffect(() => {
    call('salespeople.list', {})
      .then((all) => setSalespeople(all.filter((s) => s.active)))
      .catch(() => undefined);
  }, []);

  const focusSearch = () => setTimeout(() => searchRef.current?.focus(), 0);
  const close = () => {
    setDialog(null);
    setPayError('');
    focusSearch();
  };
  const open = (kind: DialogKind) => {
    if (kind === 'payment' && lines.length === 0) return setNotice('Adicione ao menos um item antes de pagar.');
    setNotice('');
    setDialog(kind);
  };

  async function finish() {
    if (lines.length === 0) return setNotice('Adicione ao menos um item antes de pagar.');
    if (paymentSums(totals.total, tenders).remaining > 0) {
      setDialog('payment');
      return setPayError('Os pagamentos não cobrem o total.');
    }
    setBusy(true);
    setPayError('');
    try {
      const result = await call('sales.register', {
        external_id: crypto.randomUUID(),
        channel: 'PDV',
        items: lines.map((l) => ({
          variant_external_id: l.sku,
          qty: l.qty,
          unit_price: l.unitPriceCents,
          ...(l.discountCents > 0 ? { discount_amount: l.discountCents } : {}),
        })),
        ...(orderDiscount > 0 ? { discount_amount: orderDiscount } : {}),
        ...(customer ? { customer_external_id: customer.external_id } : {}),
        ...(salesperson ? { salesperson_external_id: salesperson } : {}),
        payments: tenders.map((t) => ({
          method: t.method,
          amount: t.amount,
          ...(t.method === 'cartao_credito' ? { installments: t.installments } : {}),
        })),
      });
      setDialog(null);
      setReceipt(result.sale_id);
    } catch (e) {
      setPayError(e instanceof ApiError ? e.message : 'Erro inesperado.');
    } finally {
      setBusy(false);
    }
  }

  const nextSale = useCallback(() => {
    setReceipt(null);
    setLines([]);
    setOrderDiscount(0);
    setCustomer(null);
    setTenders([]);
    setNotice('');
    focusSearch();
  }, []);

  const onChange = useCallback(
    (sku: string, change: Partial<CartLine>) =>
      setLines((ls) => ls.map((l) => (l.sku === sku ? { ...l, ...change } : l))),
    [],
  );
  const onRemove = useCallback((sku: string) => {
    setLines((ls) => ls.filter((l) => l.sku !== sku));
    focusSearch();
  }, []);
  const onAdd = useCallback((p: Product) => {
    setLines((ls) => addProduct(ls, p));
    setNotice('');
  }, []);

  useHotkeys(
    dialog
      ? { F10: () => void finish() }
      : {
          F2: () => searchRef.current?.focus(),
          F4: () => open('customer'),
          F6: () => open('discount'),
          F8: () => open('payment'),
          F10: () => (lines.length ? void finish() : open('payment')),
        },
    receipt === null,
  );

  if (receipt) return <Receipt saleId={receipt} onNext={nextSale} />;

  return (
    <div className="pdv">
      <section className="pdv-main">
        <ProductSearch ref={searchRef} onAdd={onAdd} />
        <CartTable lines={lines} onChange={onChange} onRemove={onRemove} />
      </section>
      <SaleSummary
        totals={totals}
        customer={customer}
        salespeople={salespeople}
        salesperson={salesperson}
        onSalesperson={setSalesperson}
        notice={notice}
      />
      {dialog === 'payment' && (
        <PaymentDialog
          total={totals.total}
          tenders={tenders}
          onTenders={(t) => {
            setTenders(t);
            setPayError('');
          }}
          onFinish={() => void finish()}
          onClose={close}
          error={payError}
          busy={busy}
        />
      )}
      {dialog === 'discount' && (
        <DiscountDialog
          current={orderDiscount}
          max={totals.subtotal - totals.lineDiscounts}
          onApply={(cents) => {
            setOrderDiscount(cents);
            close();
          }}
          onClose={close}
        />
      )}
      {dialog === 'customer' && (
        <CustomerDialog
          onPick={(c) => {
            setCustomer(c);
            close();
          }}
          onClose={close}
        />
      )}
    </div>
  );
}
