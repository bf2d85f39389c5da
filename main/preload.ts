import { contextBridge, ipcRenderer } from 'electron';

// Exposes one function and nothing else of Node or Electron to the page.
contextBridge.exposeInMainWorld('balcao', {
  invoke: (op: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('balcao:invoke', op, input),
});
