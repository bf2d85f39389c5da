import { contextBridge, ipcRenderer } from 'electron';

// Exposes two functions and nothing else of Node or Electron to the page.
contextBridge.exposeInMainWorld('balcao', {
  invoke: (op: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('balcao:invoke', op, input),
});

contextBridge.exposeInMainWorld('balcaoPrint', {
  print: (): Promise<unknown> => ipcRenderer.invoke('balcao:print'),
  printers: (): Promise<unknown> => ipcRenderer.invoke('balcao:printers'),
});
