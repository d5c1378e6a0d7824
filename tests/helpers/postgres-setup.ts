import { startTestPostgres, stopTestPostgres } from './postgres-cluster';

// Global setup of the "postgres" vitest project: the throwaway cluster runs while it does.
export default function setup(): () => void {
  startTestPostgres();
  return () => stopTestPostgres();
}
