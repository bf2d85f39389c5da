export function ConfiguracoesScreen() {
  return <p className="muted">Esta tela chega em breve.</p>;
}
