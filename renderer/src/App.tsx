import { useEffect } from 'react';
import { markSignedOut } from './navigation';
import { useSession } from './session-store';
import { FirstRun } from './screens/FirstRun';
import { Login } from './screens/Login';
import { Shell } from './screens/Shell';
import { IdleLock } from './IdleLock';

export function App() {
  const status = useSession((s) => s.status);
  const loading = useSession((s) => s.loading);
  const refresh = useSession((s) => s.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (loading || !status) return <div className="splash">Carregando…</div>;
  if (!status.setupDone || !status.user) markSignedOut();
  if (!status.setupDone) return <FirstRun />;
  if (!status.user) return <Login storeName={status.storeName ?? ''} />;
  return (
    <>
      <Shell user={status.user} storeName={status.storeName ?? ''} />
      <IdleLock login={status.user.login} name={status.user.name} />
    </>
  );
}
