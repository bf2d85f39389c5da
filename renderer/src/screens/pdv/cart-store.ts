import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Approval } from '../../../../app/auth/approval';
import type { ParkedCart } from '../../../../app/pdv/parked.schemas';
import { addProduct, cartTotals, type CartLine, type Product, type Totals } from './cart';
import type { Tender } from './payments';

export interface SaleCustomer {
  id: string;
  name: string;
}

interface CartState {
  /**
   * The sale's external id, fixed for the whole cart: finishing twice (a retry after a lost
   * answer, a double press) registers one sale, the second call comes back as a duplicate.
   */
  saleExternalId: string;
  lines: CartLine[];
  orderDiscount: number;
  customer: SaleCustomer | null;
  salesperson: string;
  tenders: Tender[];
  /** A manager's login and PIN typed for this sale's discount; forgotten with the sale. */
  approval: Approval | null;
  add: (p: Product) => void;
  change: (sku: string, change: Partial<CartLine>) => void;
  remove: (sku: string) => void;
  setOrderDiscount: (cents: number) => void;
  setCustomer: (c: SaleCustomer | null) => void;
  setSalesperson: (externalId: string) => void;
  setTenders: (t: Tender[]) => void;
  setApproval: (a: Approval | null) => void;
  clear: () => void;
  load: (cart: ParkedCart) => void;
}

const empty = () => ({
  saleExternalId: crypto.randomUUID(),
  lines: [],
  orderDiscount: 0,
  customer: null,
  salesperson: '',
  tenders: [],
  approval: null,
});

/**
 * The sale in progress. Kept outside the screen so switching to Caixa and back keeps it, and
 * in localStorage so a reload or a crash of the window does not lose the customer's basket.
 * It belongs to one user at one register (setCartOwner): the next user to log in on this
 * computer starts from their own cart, never from the previous user's.
 */
export const useCart = create<CartState>()(
  persist(
    (set) => ({
      ...empty(),
      add: (p) => set((s) => ({ lines: addProduct(s.lines, p) })),
      change: (sku, change) => set((s) => ({ lines: s.lines.map((l) => (l.sku === sku ? { ...l, ...change } : l)) })),
      remove: (sku) => set((s) => ({ lines: s.lines.filter((l) => l.sku !== sku) })),
      setOrderDiscount: (orderDiscount) => set({ orderDiscount }),
      setCustomer: (customer) => set({ customer }),
      setSalesperson: (salesperson) => set({ salesperson }),
      setTenders: (tenders) => set({ tenders }),
      setApproval: (approval) => set({ approval }),
      clear: () => set(empty()),
      load: (cart) =>
        set({
          ...empty(),
          lines: cart.lines,
          orderDiscount: cart.orderDiscountCents,
          customer: cart.customer,
          salesperson: cart.salespersonExternalId ?? '',
        }),
    }),
    {
      name: 'balcao.pdv.cart',
      storage: createJSONStorage(() => localStorage),
      // Nothing is read until the owner is known (setCartOwner).
      skipHydration: true,
      // The approval PIN never touches the disk.
      partialize: ({ approval: _approval, ...rest }) => rest,
    },
  ),
);

export function toParkedCart(s: CartState): ParkedCart {
  return {
    lines: s.lines,
    orderDiscountCents: s.orderDiscount,
    customer: s.customer,
    salespersonExternalId: s.salesperson || null,
  };
}

export function useCartTotals(): Totals {
  const lines = useCart((s) => s.lines);
  const orderDiscount = useCart((s) => s.orderDiscount);
  return cartTotals(lines, orderDiscount);
}

/** The localStorage key of the cart of `userId` at `registerId`. */
export function cartKey(userId: string, registerId: string | null): string {
  return `balcao.pdv.cart.${userId}.${registerId ?? 'none'}`;
}

/**
 * Points the cart at its owner's saved copy: loads the cart this user left at this register,
 * or an empty one. Resolves when the cart shown is the owner's.
 */
export async function setCartOwner(userId: string, registerId: string | null): Promise<void> {
  const name = cartKey(userId, registerId);
  if (useCart.persist.getOptions().name === name && useCart.persist.hasHydrated()) return;
  useCart.persist.setOptions({ name });
  if (localStorage.getItem(name) === null) useCart.setState(empty());
  else {
    await useCart.persist.rehydrate();
    useCart.setState({ approval: null });
  }
}
