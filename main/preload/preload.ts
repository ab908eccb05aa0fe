/**
 * The sandboxed preload: exposes `window.clawkeeper` (named functions only). Neither
 * `ipcRenderer` nor the IPC event object ever reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from './api.ts';

const api = createApi({
  invoke: (channel, arg) =>
    arg === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, arg),
  on: (channel, listener) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('clawkeeper', api);
