import { useState } from 'react';
import { ApiError, call } from '../../api';

/** The store's logo for the reports' cover (PNG or JPEG up to 512 KB); owners only (`store.manage`). */
export function LogoField({ hasLogo }: { hasLogo: boolean }) {
  const [has, setHas] = useState(hasLogo);
  const [msg, setMsg] = useState('');
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    try {
      const r = await call('reports.set_logo', { base64: btoa(binary) });
      setHas(r.has_logo);
      setMsg('Logo salvo.');
    } catch (e) {
      setMsg(e instanceof ApiError ? e.message : 'Erro ao salvar o logo.');
    }
  };
  const remove = async () => {
    try {
      await call('reports.set_logo', { base64: null });
      setHas(false);
      setMsg('Logo removido.');
    } catch (e) {
      setMsg(e instanceof ApiError ? e.message : 'Erro ao remover o logo.');
    }
  };
  return (
    <div className="relatorios-logo">
      <h2>Logo da loja</h2>
      <p className="muted">Aparece na capa do relatório mensal. PNG ou JPEG, até 512 KB.</p>
      <label htmlFor="rel-logo">{has ? 'Trocar logo' : 'Enviar logo'}</label>{' '}
      <input
        id="rel-logo"
        type="file"
        accept="image/png,image/jpeg"
        onChange={(e) => void upload(e.target.files?.[0])}
      />
      {has && (
        <button type="button" onClick={() => void remove()}>
          Remover logo
        </button>
      )}
      {msg && <p role="status">{msg}</p>}
    </div>
  );
}
