import { create } from 'zustand';
import type { OpOutput } from '../../app/contract/operations';
import { call } from './api';

type Status = OpOutput<'app.status'>;

interface SessionState {
  status: Status | null;
  loading: boolean;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  status: null,
  loading: true,
  refresh: async () => {
    const status = await call('app.status', {});
    set({ status, loading: false });
  },
  logout: async () => {
    await call('auth.logout', {});
    const status = await call('app.status', {});
    set({ status });
  },
}));
