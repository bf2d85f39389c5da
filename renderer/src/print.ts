declare global {
  interface Window {
    balcaoPrint?: { print(): Promise<{ ok: boolean; error?: string }> };
  }
}

/**
 * Prints what is on screen (print CSS hides everything but the receipt). In Electron the main
 * process prints through webContents.print, silently to the chosen printer when so configured;
 * in the browser it opens the print dialog.
 */
export async function printScreen(): Promise<void> {
  if (window.balcaoPrint) {
    const result = await window.balcaoPrint.print();
    if (!result.ok) throw new Error(result.error ?? 'Falha ao imprimir.');
    return;
  }
  window.print();
}
