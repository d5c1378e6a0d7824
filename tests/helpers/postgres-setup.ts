import { startTestPostgres, stopTestPostgres } from './postgres-cluster';

// Global setup of the "postgres" vitest project: the throwaway cluster runs while it does
// (a cluster another run started is used and left running).
export default function setup(): () => void {
  const started = startTestPostgres();
  return () => {
    if (started) stopTestPostgres();
  };
}
