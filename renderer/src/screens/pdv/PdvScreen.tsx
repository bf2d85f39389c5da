import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import type { ApprovalInput } from '../../components/ApprovalFields';
import { countOf } from '../../format';
import { useSession } from '../../session-store';
import { ApprovalDialog } from './ApprovalDialog';
import { CaixaBanner, OpenCaixaDialog, RegisterDialog, useCaixaState } from './CaixaBanner';
import { addProduct as addProduct1, cartTotals, parseCartQty, type CartLine, type Product } from './cart';
import { checkLineQty, discountNeedsApproval } from './checks';
import { CartTable } from './CartTable';
import { toParkedCart, useCart, useCartTotals } from './cart-store';
import { ConfirmDialog } from './ConfirmDialog';
import { CustomerDialog } from './CustomerDialog';
import { DiscountDialog } from './DiscountDialog';
import { ParkedDialog } from './ParkedDialog';
import { PaymentDialog } from './PaymentDialog';
import { paymentSums } from './payments';
import { ProductSearch } from './ProductSearch';
import { Receipt } from './Receipt';
import { SaleSummary } from './SaleSummary';
import { useHotkeys } from './useHotkeys';
import { useScannerFocus } from './useScannerFocus';

type DialogKind =
  'payment' | 'discount' | 'customer' | 'approval' | 'parked' | 'cancel' | 'open-caixa' | 'register' | null;
type Salesperson = OpOutput<'salespeople.list'>[number];
type CounterRules = OpOutput<'counter.settings'>;

export function PdvScreen() {
  const cart = useCart();
  const totals = useCartTotals();
  const [salespeople, setSalespeople] = useState<Salesperson[]>([]);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [notice, setNotice] = useState('');
  /** A warning that does not stop the sale (stock going negative where the store allows it). */
  const [warning, setWarning] = useState('');
  const [payError, setPayError] = useState('');
  const [approvalError, setApprovalError] = useState<ApiError | null>(null);
  /** Why the sale (not a discount) needs a manager, as the server said it (crediário limit). */
  const [approvalReason, setApprovalReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [rules, setRules] = useState<CounterRules | null>(null);
  /** A discount waiting for a manager's approval, applied only once approved. */
  const [pendingDiscount, setPendingDiscount] = useState<{ apply: () => void; reason: string } | null>(null);
  const role = useSession((s) => s.status?.user?.role ?? null);
  const registerId = useSession((s) => s.status?.register?.id ?? null);
  const refreshSession = useSession((s) => s.refresh);
  const caixa = useCaixaState(registerId);
  const searchRef = useRef<HTMLInputElement>(null);
  // A scanner or an impatient finger can press F10 twice before the first answer arrives.
  const finishing = useRef(false);
  /** The scans being checked (pdv.check_line) before they reach the cart. */
  const adding = useRef<Promise<unknown>>(Promise.resolve());
  const pendingAdds = useRef(0);
  const hasItems = cart.lines.length > 0;
  const allowNegative = rules?.allow_negative_stock ?? true;

  useEffect(() => {
    call('salespeople.list', {})
      .then((all) => setSalespeople(all.filter((s) => s.active)))
      .catch(() => undefined);
    call('counter.settings', {})
      .then(setRules)
      .catch(() => undefined);
  }, []);

  const focusSearch = () => setTimeout(() => searchRef.current?.focus(), 0);
  const close = () => {
    setDialog(null);
    setPayError('');
    setApprovalError(null);
    setApprovalReason('');
    setPendingDiscount(null);
    focusSearch();
  };
  const open = (kind: DialogKind) => {
    const needsItems = kind === 'payment' || kind === 'cancel';
    if (needsItems && useCart.getState().lines.length === 0) return setNotice('Adicione ao menos um item antes.');
    if (kind === 'payment' && caixa.state !== 'open') {
      // Asked again: the caixa may have been opened in another window since.
      void caixa.refresh().then((state) => {
        if (state === 'closed') setNotice('Nenhum caixa aberto neste computador: abra o caixa antes de receber.');
        else {
          setNotice('');
          setDialog('payment');
        }
      });
      return;
    }
    setNotice('');
    setDialog(kind);
  };

  useScannerFocus(searchRef, dialog !== null);

  /**
   * Runs `apply` (a change of discount) at once when it stays within the user's limit, or asks
   * for a manager first, saying what the limit is. Same rule as sales.register's.
   */
  async function withinDiscountLimit(lines: CartLine[], orderDiscount: number, apply: () => void): Promise<void> {
    const over = cart.approval
      ? null
      : await discountNeedsApproval(lines, orderDiscount, role, rules?.max_discount_bp ?? null);
    if (!over) {
      apply();
      return;
    }
    setPendingDiscount({ apply, reason: over });
    setDialog('approval');
  }

  /**
   * Runs `action` at once, or, while scans are still being checked, once they have landed in the
   * cart (F8 pressed right after a scan must not find the cart without it).
   */
  const afterAdds = (action: () => void) => {
    if (pendingAdds.current === 0) action();
    else void adding.current.then(action);
  };

  /**
   * Counts a scan or search from its Enter until its item is in the cart or refused: the barcode
   * lookup is part of it, so F8 pressed while the lookup is on the wire waits for it too.
   */
  function trackAdd(job: Promise<unknown>): void {
    pendingAdds.current++;
    const settled = job.catch(() => null).finally(() => pendingAdds.current--);
    adding.current = Promise.all([adding.current, settled]);
  }

  async function addProduct(p: Product): Promise<string | null> {
    const existing = useCart.getState().lines.find((l) => l.sku === p.sku);
    const line = addProduct1(existing ? [existing] : [], p)[0] as CartLine;
    const verdict = await checkLineQty(line, line.qty, allowNegative);
    if (verdict.refusal) return verdict.refusal;
    useCart.getState().add(p);
    setNotice('');
    setWarning(verdict.warning ?? '');
    return null;
  }

  const checkQty = useCallback(
    (line: CartLine, text: string): number | string => parseCartQty(text, line.soldByWeight !== false),
    [],
  );
  const validateQty = useCallback(
    async (line: CartLine, qty: number): Promise<string | null> => {
      const verdict = await checkLineQty(line, qty, allowNegative);
      if (!verdict.refusal) setWarning(verdict.warning ?? '');
      return verdict.refusal;
    },
    [allowNegative],
  );

  const onLineChange = useCallback(
    (sku: string, change: Partial<CartLine>) => {
      const state = useCart.getState();
      if (change.discountCents === undefined) return state.change(sku, change);
      const lines = state.lines.map((l) => (l.sku === sku ? { ...l, ...change } : l));
      void withinDiscountLimit(lines, state.orderDiscount, () => useCart.getState().change(sku, change));
    },
    [rules, role, cart.approval],
  );

  /** F10: registers the cart as it is in the store now (not as last rendered: a scan may just have landed). */
  async function finish(approval: ApprovalInput | null = useCart.getState().approval) {
    if (finishing.current) return;
    const c = useCart.getState();
    const t = cartTotals(c.lines, c.orderDiscount);
    if (c.lines.length === 0) return setNotice('Adicione ao menos um item antes de pagar.');
    if (paymentSums(t.total, c.tenders).remaining > 0) {
      if (!dialog) return open('payment');
      setDialog('payment');
      return setPayError('Os pagamentos não cobrem o total.');
    }
    finishing.current = true;
    setBusy(true);
    setPayError('');
    try {
      const result = await call('sales.register', {
        external_id: c.saleExternalId,
        channel: 'PDV',
        items: c.lines.map((l) => ({
          variant_external_id: l.sku,
          qty: l.qty,
          unit_price: l.unitPriceCents,
          ...(l.discountCents > 0 ? { discount_amount: l.discountCents } : {}),
        })),
        ...(c.orderDiscount > 0 ? { discount_amount: c.orderDiscount } : {}),
        ...(c.customer ? { customer_id: c.customer.id } : {}),
        ...(c.salesperson ? { salesperson_external_id: c.salesperson } : {}),
        ...(approval ? { approval } : {}),
        payments: c.tenders.map((t) => ({
          method: t.method,
          amount: t.amount,
          ...(t.method === 'cartao_credito' || t.method === 'crediario' ? { installments: t.installments } : {}),
          ...(t.method === 'crediario' && t.firstDueDate ? { first_due_date: t.firstDueDate } : {}),
        })),
      });
      setDialog(null);
      setReceipt(result.sale_id);
    } catch (e) {
      const code = e instanceof ApiError ? e.error.code : '';
      if (
        e instanceof ApiError &&
        (code === 'approval_required' || code === 'approval_invalid' || code === 'credit_limit_exceeded')
      ) {
        // A crediário beyond the customer's limit is approved like a discount: a manager's PIN.
        if (code === 'credit_limit_exceeded') setApprovalReason(e.message);
        useCart.getState().setApproval(null);
        setApprovalError(code === 'approval_invalid' ? e : null);
        setDialog('approval');
      } else setPayError(e instanceof ApiError ? e.message : 'Erro inesperado.');
    } finally {
      finishing.current = false;
      setBusy(false);
    }
  }

  const nextSale = useCallback(() => {
    setReceipt(null);
    useCart.getState().clear();
    setNotice('');
    setWarning('');
    focusSearch();
  }, []);

  async function park() {
    const c = useCart.getState();
    if (c.lines.length === 0) return setNotice('Não há itens para colocar em espera.');
    try {
      const total = cartTotals(c.lines, c.orderDiscount).total;
      const parked = await call('pdv.park', { cart: toParkedCart(c), total_cents: total });
      useCart.getState().clear();
      setDialog(null);
      setNotice(`Venda colocada em espera: ${parked.label}. Retome com F3.`);
      focusSearch();
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : 'Erro ao colocar em espera.');
    }
  }

  async function resume(id: string) {
    if (hasItems)
      return setNotice('Finalize, coloque em espera (F7) ou cancele (F5) a venda atual antes de retomar outra.');
    try {
      const { cart: parked } = await call('pdv.resume', { id });
      cart.load(parked);
      close();
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : 'Erro ao retomar a venda.');
      close();
    }
  }

  const onRemove = useCallback((sku: string) => {
    useCart.getState().remove(sku);
    focusSearch();
  }, []);

  useHotkeys(
    dialog
      ? { F10: () => void finish() }
      : {
          F2: () => searchRef.current?.focus(),
          F3: () => open('parked'),
          F4: () => open('customer'),
          F5: () => open('cancel'),
          F6: () => open('discount'),
          F7: () => afterAdds(() => void park()),
          F8: () => afterAdds(() => open('payment')),
          F10: () => afterAdds(() => (useCart.getState().lines.length > 0 ? void finish() : open('payment'))),
        },
    receipt === null,
  );

  if (receipt) return <Receipt saleId={receipt} onNext={nextSale} />;

  return (
    <div className="pdv">
      <CaixaBanner
        state={caixa.state}
        onOpenCaixa={() => setDialog('open-caixa')}
        onChooseRegister={() => setDialog('register')}
      />
      <section className="pdv-main">
        <ProductSearch ref={searchRef} onAdd={addProduct} onSubmit={trackAdd} />
        {warning && (
          <p className="muted stock-warning" role="status">
            {warning}
          </p>
        )}
        <CartTable
          lines={cart.lines}
          onChange={onLineChange}
          onRemove={onRemove}
          onDone={focusSearch}
          checkQty={checkQty}
          validateQty={validateQty}
        />
      </section>
      <SaleSummary
        totals={totals}
        customer={cart.customer}
        salespeople={salespeople}
        salesperson={cart.salesperson}
        onSalesperson={cart.setSalesperson}
        notice={notice}
      />
      {dialog === 'payment' && (
        <PaymentDialog
          total={totals.total}
          tenders={cart.tenders}
          onTenders={(t) => {
            cart.setTenders(t);
            setPayError('');
          }}
          onFinish={() => void finish()}
          onClose={close}
          error={payError}
          busy={busy}
          customerId={cart.customer?.id ?? null}
        />
      )}
      {dialog === 'approval' && (
        <ApprovalDialog
          reason={
            pendingDiscount?.reason ||
            approvalReason ||
            'O desconto desta venda passa do seu limite. Um gerente precisa aprovar.'
          }
          submitLabel={pendingDiscount ? 'Aprovar desconto (Enter)' : undefined}
          error={approvalError}
          busy={busy}
          onApprove={(approval) => {
            cart.setApproval(approval);
            if (pendingDiscount) {
              pendingDiscount.apply();
              close();
            } else void finish(approval);
          }}
          onClose={close}
        />
      )}
      {dialog === 'discount' && (
        <DiscountDialog
          current={cart.orderDiscount}
          max={totals.subtotal - totals.lineDiscounts}
          onApply={(cents) => {
            setDialog(null);
            void withinDiscountLimit(cart.lines, cents, () => {
              useCart.getState().setOrderDiscount(cents);
              close();
            });
          }}
          onClose={close}
        />
      )}
      {dialog === 'open-caixa' && (
        <OpenCaixaDialog
          onOpened={() => {
            void caixa.refresh();
            setNotice('');
            close();
          }}
          onClose={close}
        />
      )}
      {dialog === 'register' && (
        <RegisterDialog
          onChosen={() => {
            close();
            void refreshSession();
          }}
          onClose={close}
        />
      )}
      {dialog === 'customer' && (
        <CustomerDialog
          onPick={(c) => {
            cart.setCustomer(c);
            close();
          }}
          onClose={close}
        />
      )}
      {dialog === 'parked' && <ParkedDialog onResume={(id) => void resume(id)} onClose={close} />}
      {dialog === 'cancel' && (
        <ConfirmDialog
          title="Cancelar venda em andamento"
          message={`Descartar ${cart.lines.length === 1 ? 'o item' : `os ${countOf(cart.lines.length, 'item', 'itens')}`} desta venda? Nada foi registrado ainda.`}
          confirmLabel="Descartar venda"
          onConfirm={() => {
            cart.clear();
            close();
          }}
          onClose={close}
        />
      )}
    </div>
  );
}
