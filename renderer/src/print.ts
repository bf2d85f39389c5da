declare global {
  interface Window {
    balcaoPrint?: { print(): Promise<{ ok: boolean; error?: string }>; printers(): Promise<string[]> };
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

/** The printers Electron sees on this computer; none in browser mode (the dialog picks there). */
export async function listPrinters(): Promise<string[]> {
  return window.balcaoPrint ? await window.balcaoPrint.printers() : [];
}
