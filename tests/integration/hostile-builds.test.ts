import { afterAll, describe, expect, it } from 'vitest';
import { allImageIds, imageExists } from '../helpers/docker-cli';
import { ENGINE } from '../helpers/engine';
import { DEBIAN, repositoryBuilds } from '../helpers/repository-builds';
import { useReadySettings } from '../helpers/test-settings';

// Repositories that attack the shared engine through their Dockerfile, each sent for
// real and refused, with nothing lost: a build log that names other images, reads of
// other teams' images, and steps that try to take the engine's memory, processes or
// disk. What Shipshape judges itself, the same on every engine (ADD of a remote source,
// who may compare engine images, the file index's cap), is in hostile-inputs.test.ts.

const { load, ownImage } = repositoryBuilds();
afterAll(async () => {
  // the limits stay on the engine's build cgroup: back to this instance's defaults
  await useReadySettings();
  const { applyBuildLimits } = await import('@/lib/docker/build-cgroup');
  const { getSettings } = await import('@/lib/env');
  const { limits } = getSettings();
  await applyBuildLimits({ memoryBytes: limits.buildMemoryBytes, cpus: limits.buildCpus, pids: limits.buildPids });
});

describe('a build log is never acted on', () => {
  it('a step that prints " ---> <id>" of another image leaves that image alone, and the build\'s own step images go', async () => {
    const victim = ownImage(`victim ${Date.now()}\n`);
    const short = victim.replace('sha256:', '').slice(0, 12);
    const before = new Set(allImageIds());
    const { analyse } = await load();
    const { analysis, variant } = await analyse(`FROM ${DEBIAN}\nRUN echo one > /one\nRUN printf ' ---> %s\\n' ${short} && exit 3\n`);
    expect(analysis.status).toBe('failed');
    expect(variant.log).toContain(` ---> ${short}`);
    expect(imageExists(victim)).toBe(true);
    // what the build committed (the step after FROM) is gone: found by its labels
    expect(allImageIds().filter((i) => !before.has(i))).toEqual([]);
  }, 180_000);
});

describe('images a build may read', () => {
  it('an image of another team on the engine is refused in FROM, COPY --from and RUN --mount, and allowed once the operator allows it', async () => {
    const tag = `shipshape-test/other-team-${Date.now()}:latest`;
    ownImage('other team secret\n', tag);
    const { analyse } = await load();
    for (const dockerfile of [
      `FROM ${tag}\n`,
      `FROM ${DEBIAN}\nCOPY --from=${tag} /secret.txt /stolen.txt\n`,
      `FROM ${DEBIAN}\nRUN --mount=type=bind,from=${tag},target=/other cat /other/secret.txt\n`,
    ]) {
      const { analysis, variant } = await analyse(dockerfile);
      expect(analysis.status).toBe('failed');
      expect(variant.error).toMatch(new RegExp(`reads the image ${tag.replace(/[.:/]/g, '\\$&')}, which this instance does not allow`));
      expect(variant.error).toMatch(/ALLOWED_BASE_IMAGES/);
      expect(variant.log).not.toContain('other team secret');
    }
    const allowed = await load({ ALLOWED_BASE_IMAGES: 'shipshape-test/other-team-*' });
    const ok = await allowed.analyse(`FROM ${DEBIAN}\nCOPY --from=${tag} /secret.txt /copied.txt\n`);
    expect(ok.variant.status).toBe('succeeded');
  }, 240_000);
});

describe('limits a repository cannot switch off', () => {
  it('the builder follows the instructions: --mount in a comment leaves the classic builder and its limits', async () => {
    const { analyse } = await load({ BUILD_MEMORY_MB: '64' });
    const { analysis, variant } = await analyse(`FROM ${DEBIAN}\n# RUN --mount=type=cache,target=/c (a comment)\nRUN head -c 400m /dev/zero | tail > /dev/null\n`);
    expect(
      analysis.variants.map((v) => v.kind),
      analysis.error ?? '',
    ).toEqual(['repository']);
    expect(variant.builder).toBe(ENGINE === 'podman' ? 'buildah' : 'classic');
    expect(variant.status).toBe('failed');
    expect(variant.error).toMatch(/BUILD_MEMORY_MB/);
  }, 120_000);

  it('BuildKit steps get the memory limit too', async () => {
    const { analyse } = await load({ BUILD_MEMORY_MB: '64' });
    const { variant } = await analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c head -c 400m /dev/zero | tail > /dev/null\n`);
    expect(variant.status).toBe('failed');
    expect(variant.error).toMatch(/BUILD_MEMORY_MB/);
    const roomy = await load();
    expect((await roomy.analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c head -c 400m /dev/zero | tail > /dev/null\n`)).variant.status).toBe('succeeded');
  }, 180_000);

  it('an out-of-memory kill that surfaces as exit 1 is told as one', async () => {
    const { analyse } = await load({ BUILD_MEMORY_MB: '64' });
    const { variant } = await analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c (head -c 400m /dev/zero | tail > /dev/null) || exit 1\n`);
    expect(variant.error).toMatch(/exit code 1\. .*(killed a process of this step for using more memory than builds may|ran into the memory limit of builds) \(BUILD_MEMORY_MB\)/);
  }, 120_000);

  for (const wanted of ['classic', 'buildkit'] as const) {
    it(`BUILD_PIDS: a ${wanted} step cannot start more processes than allowed`, async () => {
      const mount = wanted === 'buildkit' ? '--mount=type=cache,target=/c ' : '';
      const fork = `RUN ${mount}for i in $(seq 1 300); do sleep 6 & done; wait; echo all-started`;
      const { analyse } = await load({ BUILD_PIDS: '100' });
      // a step before: the limits hold for every step, not just the first
      const limited = await analyse(`FROM ${DEBIAN}\nRUN echo first-step\n${fork}\n`);
      expect(limited.variant.log).toMatch(/fork|Resource temporarily unavailable|retry/i);
      expect(limited.variant.log).not.toMatch(/^all-started/m);
      const roomy = await load({ BUILD_PIDS: '1000' });
      expect((await roomy.analyse(`FROM ${DEBIAN}\n${fork}\n`)).variant.log).toMatch(/all-started/);
    }, 180_000);
  }

  it('BUILD_DISK_MB: no step writes a file larger than allowed (with BuildKit where the engine passes it ulimits, and it says where not)', async () => {
    const { analyse } = await load({ BUILD_DISK_MB: '10' });
    const { engineCaveats, engineFacts } = await import('@/lib/docker/engine-facts');
    const facts = await engineFacts();
    const classic = await analyse(`FROM ${DEBIAN}\nRUN head -c 20m /dev/zero > /big\n`);
    expect(classic.variant.status).toBe('failed');
    expect(classic.variant.error).toMatch(/exit code 153\. .*BUILD_DISK_MB/);
    const buildkit = await analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c head -c 20m /dev/zero > /big\n`);
    if (facts.buildkitUlimits || ENGINE === 'podman') {
      expect(buildkit.variant.status).toBe('failed');
      expect(buildkit.variant.error).toMatch(/BUILD_DISK_MB/);
    } else {
      expect(engineCaveats(facts).join(' ')).toMatch(/BUILD_DISK_MB binds the classic builder's steps only here/);
    }
  }, 180_000);
});
