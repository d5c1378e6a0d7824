// Runs once when the server starts: stamp each request with its socket's address and
// make undecodable paths literal (lib/net/socket-address.ts), migrate the database and take up analyses a previous
// process left unfinished.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { watchRequests } = await import('@/lib/net/socket-address');
  watchRequests();
  const { startWorker } = await import('@/lib/analyses/analysis-worker');
  await startWorker();
}
