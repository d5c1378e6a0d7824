import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { demux, ensureHelperImage, helperImage } from '@/lib/docker/helper-image';
import { currentEngine, getDocker, LABELS } from '@/lib/docker/client';
import { buildImage, removeImage } from '@/lib/docker/build-image';
import { getSettings } from '@/lib/env';
import { engineFacts } from '@/lib/docker/engine-facts';
import { instanceId } from '@/lib/secrets';
import { UserFacingError } from '@/lib/errors';

// Docker's BuildKit takes no memory, CPU or process limits through the build API: its
// RUN steps run in cgroups under one parent (/docker/buildkit with the cgroupfs driver),
// whatever the request says. (Podman's Buildah takes memory and CPU but no process
// limit: its builds are put under a parent of Shipshape's, /shipshape-builds.) So the limits go on that parent: a short container of
// HELPER_IMAGE, the host's cgroup tree mounted into it, writes them into the engine
// host's cgroup files (the engine's socket already is root on that host). Classic builds are put under the same
// parent (`cgroupparent`), so one process limit binds both builders. The parent is
// found by asking a one-step BuildKit build where it runs, once per engine.

export interface BuildCgroup {
  version: 1 | 2;
  /** e.g. "/docker/buildkit" */
  parent: string;
}

export interface CgroupLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
}

interface EngineState {
  cgroup: BuildCgroup | null;
  applied?: { key: string; at: number };
}

const cache = globalThis as unknown as { shipshapeBuildCgroups?: Map<string, EngineState> };
const REAPPLY_MS = 60_000;

function state(): Map<string, EngineState> {
  cache.shipshapeBuildCgroups ??= new Map();
  return cache.shipshapeBuildCgroups;
}

/** The parent cgroup of a RUN step, from its /proc/self/cgroup lines. */
export function parentFromProcCgroup(text: string, version: 1 | 2): string | null {
  for (const line of text.split('\n')) {
    const [, controllers, where] = /^\d+:([^:]*):(\/\S*)$/.exec(line.trim()) ?? [];
    if (where === undefined) continue;
    const wanted = version === 2 ? controllers === '' : controllers!.split(',').includes('memory');
    if (wanted) return where.slice(0, where.lastIndexOf('/')) || '/';
  }
  return null;
}

/** The cgroup Podman's builds are put under (Buildah takes a cgroup parent; BuildKit does not). */
export const PODMAN_BUILD_CGROUP = '/shipshape-builds';

/**
 * Where the current engine's builds run their steps (null where that cannot be
 * managed): BuildKit's parent on Docker, a parent of Shipshape's on Podman.
 */
export async function buildCgroup(): Promise<BuildCgroup | null> {
  const engine = currentEngine().name;
  const known = state().get(engine);
  if (known) return known.cgroup;
  const info = (await getDocker().info()) as { CgroupDriver?: string; CgroupVersion?: string };
  const facts = await engineFacts();
  let cgroup: BuildCgroup | null = null;
  if (info.CgroupDriver === 'cgroupfs' && facts.kind === 'podman') {
    cgroup = { version: info.CgroupVersion === '2' ? 2 : 1, parent: PODMAN_BUILD_CGROUP };
  } else if (info.CgroupDriver === 'cgroupfs') {
    const version = info.CgroupVersion === '2' ? 2 : 1;
    let log = '';
    const context = mkdtempSync(path.join(os.tmpdir(), 'shipshape-cgroup-probe-'));
    const tag = `shipshape-probe/cgroup:${instanceId()}`;
    try {
      try {
        await buildImage({
          contextDir: context,
          dockerfile: `FROM ${helperImage()}\nRUN cat /proc/self/cgroup\n`,
          tag,
          labels: { [LABELS.managed]: 'true', [LABELS.instance]: instanceId() },
          builder: 'buildkit',
          nocache: true,
          onLog: (text) => {
            log += text;
          },
        });
      } catch (error) {
        const { helperImage: setting } = getSettings();
        const image = helperImage();
        throw new BuildLimitsError(
          `Shipshape could not learn where this engine's BuildKit runs build steps, so it cannot limit them: a one-step build of HELPER_IMAGE (${setting}${image === setting ? '' : `, mapped to ${image}`}) failed: ${(error as Error).message}. Make that image available on the engine (or name another with HELPER_IMAGE), or set BUILDKIT_LIMITS=off and limit BuildKit yourself (see the README).`,
        );
      }
      await removeImage(tag);
      cgroup = (() => {
        const parent = parentFromProcCgroup(log.replace(/^#\d+ [\d.]+ /gm, ''), version);
        return parent ? { version, parent } : null;
      })();
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  }
  state().set(engine, { cgroup });
  return cgroup;
}

/** The shell script that writes the limits into the host's cgroup files (mounted at /host). */
export function limitScript(cgroup: BuildCgroup, limits: CgroupLimits): string {
  const p = cgroup.parent;
  const quota = limits.cpus > 0 ? Math.round(limits.cpus * 100_000) : -1;
  if (cgroup.version === 1) {
    const memory = limits.memoryBytes > 0 ? String(limits.memoryBytes) : '-1';
    return [
      'set -e',
      `for c in memory cpu pids; do mkdir -p /host/$c${p}; done`,
      `M=/host/memory${p}`,
      // memory.memsw must stay at or above memory: written around it, in whichever order works
      `echo ${memory} > $M/memory.limit_in_bytes 2>/dev/null || true`,
      `if [ -f $M/memory.memsw.limit_in_bytes ]; then echo ${memory} > $M/memory.memsw.limit_in_bytes; fi`,
      `echo ${memory} > $M/memory.limit_in_bytes`,
      `echo 100000 > /host/cpu${p}/cpu.cfs_period_us`,
      `echo ${quota} > /host/cpu${p}/cpu.cfs_quota_us`,
      `echo ${limits.pids > 0 ? limits.pids : 'max'} > /host/pids${p}/pids.max`,
      // v1 counts an out-of-memory kill in the (gone) step's own cgroup: the parent's peak
      // usage, started afresh here, tells whether a build ran into the limit
      'echo 0 > $M/memory.max_usage_in_bytes',
      'echo "memory_limit_hits 0"',
    ].join('\n');
  }
  const memory = limits.memoryBytes > 0 ? String(limits.memoryBytes) : 'max';
  return [
    'set -e',
    `D=/host${p}`,
    'mkdir -p $D',
    // the controllers must be on in every folder above for the files to exist
    `d=/host; for part in $(echo ${p} | tr / ' '); do echo '+memory +cpu +pids' > $d/cgroup.subtree_control 2>/dev/null || true; d=$d/$part; done`,
    `echo ${memory} > $D/memory.max`,
    `if [ -f $D/memory.swap.max ]; then echo 0 > $D/memory.swap.max; fi`,
    `echo '${quota > 0 ? quota : 'max'} 100000' > $D/cpu.max`,
    `echo ${limits.pids > 0 ? limits.pids : 'max'} > $D/pids.max`,
    // v2's memory.events counts the kills below it too
    `echo "memory_limit_hits $(grep -E '^oom_kill ' $D/memory.events | cut -d' ' -f2)"`,
  ].join('\n');
}

/** Runs a script in a short container with the host's cgroup tree mounted at /host; returns its output. */
async function runHelper(docker: Docker, script: string): Promise<string> {
  await ensureHelperImage(docker);
  const container = await docker.createContainer({
    Image: helperImage(),
    Entrypoint: ['sh', '-c'],
    Cmd: [script],
    Labels: { [LABELS.managed]: 'true', [LABELS.instance]: instanceId() },
    // not privileged: root writes the cgroup files through a bind mount of the host's tree;
    // modest ulimits, as some hosts refuse Podman's raised defaults
    HostConfig: {
      NetworkMode: 'none',
      Binds: ['/sys/fs/cgroup:/host'],
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 1024 },
        { Name: 'nproc', Soft: 1024, Hard: 1024 },
      ],
    },
  } as Docker.ContainerCreateOptions);
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true })) as unknown as Buffer;
    const text = demux(logs);
    if (StatusCode !== 0) throw new Error(`exit ${StatusCode}: ${text.trim().slice(-500)}`);
    return text;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

export class BuildLimitsError extends UserFacingError {}

/**
 * Puts the limits on the build cgroup of the current engine (again after a minute, or
 * when they change); returns the parent's out-of-memory kill count so far.
 */
export async function applyBuildLimits(limits: CgroupLimits): Promise<{ cgroup: BuildCgroup; memoryHits: number } | null> {
  const cgroup = await buildCgroup();
  if (!cgroup) return null;
  const engine = state().get(currentEngine().name)!;
  const key = JSON.stringify(limits);
  let output: string;
  try {
    output = await runHelper(getDocker(), limitScript(cgroup, limits));
  } catch (error) {
    throw new BuildLimitsError(
      `The build limits could not be set on BuildKit's cgroup (${cgroup.parent}) of this engine: ${(error as Error).message}. Shipshape sets them from a short container of HELPER_IMAGE with the host's /sys/fs/cgroup mounted (${getSettings().helperImage}); let it run such a container, or set the limits on that cgroup yourself and start Shipshape with BUILDKIT_LIMITS=off.`,
    );
  }
  engine.applied = { key, at: Date.now() };
  return { cgroup, memoryHits: Number(/memory_limit_hits (\d+)/.exec(output)?.[1] ?? 0) };
}

/** Whether the limits were put in place lately (a helper run costs a second). */
export function limitsFresh(limits: CgroupLimits): boolean {
  const applied = state().get(currentEngine().name)?.applied;
  return !!applied && applied.key === JSON.stringify(limits) && Date.now() - applied.at < REAPPLY_MS;
}

/**
 * Whether builds ran into the build cgroup's memory limit since `baseline` (null where it
 * is not managed). On cgroup v2 its memory.events count the out-of-memory kills below
 * it; v1 counts a kill in the step's own cgroup (gone when the step ends), so there the
 * parent's peak usage, reset at each look, says whether the limit was reached.
 */
export async function memoryLimitReached(baseline: number): Promise<{ reached: 'killed' | 'limit' | null; baseline: number } | null> {
  const cgroup = await buildCgroup();
  if (!cgroup) return null;
  if (cgroup.version === 2) {
    const output = await runHelper(getDocker(), `grep -E '^oom_kill ' /host${cgroup.parent}/memory.events | cut -d' ' -f2`);
    const kills = Number(output.trim() || 0);
    return { reached: kills > baseline ? 'killed' : null, baseline: kills };
  }
  const m = `/host/memory${cgroup.parent}`;
  const output = await runHelper(getDocker(), `echo "$(cat ${m}/memory.max_usage_in_bytes) $(cat ${m}/memory.limit_in_bytes)"; echo 0 > ${m}/memory.max_usage_in_bytes`);
  const [peak = 0, limit = 0] = output.trim().split(/\s+/).map(Number);
  return { reached: limit > 0 && peak >= limit * 0.95 ? 'limit' : null, baseline };
}
