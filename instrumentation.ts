// Runs once when the server starts: migrate the database and take up analyses a
// previous process left unfinished.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startWorker } = await import('@/lib/queue/start-worker');
  await startWorker();
}
