import { preview, type PreviewServer } from 'vite';

/** Serves the production build (dist/) on 127.0.0.1 with the app's real headers. */
export async function startPreview(
  options: { port?: number; outDir?: string } = {},
): Promise<{ server: PreviewServer; origin: string }> {
  const port = options.port ?? 0;
  const server = await preview({
    logLevel: 'error',
    ...(options.outDir ? { build: { outDir: options.outDir } } : {}),
    preview: { host: '127.0.0.1', port, strictPort: port !== 0 },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string')
    throw new Error('preview server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/** Stops the server and drops kept-alive connections, so the browser really sees it gone. */
export async function stopPreview(server: PreviewServer): Promise<void> {
  const http = server.httpServer as unknown as { closeAllConnections?: () => void };
  const closing = server.close();
  http.closeAllConnections?.();
  await closing;
}
