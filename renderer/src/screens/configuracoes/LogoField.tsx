import { useEffect, useState } from 'react';
import { ApiError, call } from '../../api';

/** Shows the store's logo (store.logo) as an image, or nothing when there is none. */
export function LogoPreview({ version = 0, alt = 'Logo da loja' }: { version?: number; alt?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('store.logo', {}).then(
      (l) => live && setSrc(l.base64 && l.mime ? `data:${l.mime};base64,${l.base64}` : null),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [version]);
  return src ? <img className="store-logo-preview" src={src} alt={alt} /> : null;
}

/**
 * The store's logo on the monthly report's cover (PNG or JPEG up to 512 KB), kept with the
 * store's data and synced to its other desktops; owners only (`store.manage`).
 */
export function LogoField() {
  const [has, setHas] = useState(false);
  const [version, setVersion] = useState(0);
  const [msg, setMsg] = useState('');
  useEffect(() => {
    call('store.logo', {}).then(
      (l) => setHas(l.has_logo),
      () => setHas(false),
    );
  }, []);
  const save = async (base64: string | null, done: string) => {
    try {
      const r = await call('store.set_logo', { base64 });
      setHas(r.has_logo);
      setVersion((v) => v + 1);
      setMsg(done);
    } catch (e) {
      setMsg(e instanceof ApiError ? e.message : 'Erro ao salvar o logo.');
    }
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 512 * 1024) {
      setMsg('O logo pode ter no máximo 512 KB.');
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    await save(btoa(binary), 'Logo salvo.');
  };
  return (
    <section className="cfg-form store-logo" aria-label="Logo da loja">
      <h2>Logo da loja</h2>
      <p className="muted">
        Aparece na capa do relatório mensal, em todos os computadores da loja. PNG ou JPEG, até 512 KB.
      </p>
      <LogoPreview version={version} />
      <label htmlFor="cfg-logo">{has ? 'Trocar logo' : 'Enviar logo'}</label>{' '}
      <input
        id="cfg-logo"
        type="file"
        accept="image/png,image/jpeg"
        onChange={(e) => void upload(e.target.files?.[0])}
      />
      {has && (
        <button type="button" onClick={() => void save(null, 'Logo removido.')}>
          Remover logo
        </button>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
