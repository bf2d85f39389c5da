export function VendasScreen() {
  return <p className="muted">Esta tela chega em breve.</p>;
}
