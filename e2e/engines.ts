import os from 'node:os';
import path from 'node:path';

// The engines the end-to-end specs run against, one production server each: the main
// engine runs every spec; the engines people run today run the Go-sample journey, and so
// does a server on the main engine whose database is PostgreSQL (a throwaway cluster).

export interface E2eEngine {
  name: 'main' | 'modern' | 'podman' | 'postgres';
  port: number;
  /** the engine's socket (DOCKER_HOST of its server) */
  host: string;
  /** the engine's own CLI, the witness */
  cli: string;
  imageStore: 'legacy' | 'containerd' | 'containers-storage';
  dataDir: string;
  /** the server's database when it is not the SQLite file in dataDir */
  database?: { kind: 'postgresql'; name: string };
}

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = (name: string) => path.join(os.tmpdir(), name === 'main' ? 'shipshape-e2e' : `shipshape-e2e-${name}`);

export const E2E_ENGINES: E2eEngine[] = [
  { name: 'main', port: BASE_PORT, host: 'unix:///var/run/docker.sock', cli: '/usr/bin/docker', imageStore: 'legacy', dataDir: dataDir('main') },
  {
    name: 'modern',
    port: BASE_PORT + 1,
    host: 'unix:///var/run/docker-modern.sock',
    cli: '/opt/shipshape-engines/modern/usr/bin/docker',
    imageStore: 'containerd',
    dataDir: dataDir('modern'),
  },
  { name: 'podman', port: BASE_PORT + 2, host: 'unix:///run/podman/podman.sock', cli: '/usr/bin/docker', imageStore: 'containers-storage', dataDir: dataDir('podman') },
  {
    name: 'postgres',
    port: BASE_PORT + 3,
    host: 'unix:///var/run/docker.sock',
    cli: '/usr/bin/docker',
    imageStore: 'legacy',
    dataDir: dataDir('postgres'),
    database: { kind: 'postgresql', name: 'shipshape_e2e' },
  },
];
