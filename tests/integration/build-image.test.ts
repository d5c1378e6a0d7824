import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { docker } from '../helpers/docker-cli';
import { writeTree } from '../helpers/write-tree';
import { useFreshSettings } from '../helpers/test-settings';
import { BUILDERS } from '../helpers/engine';

// Every builder of the engine through dockerode (Docker: classic and BuildKit, the
// latter through a session; Podman: Buildah): progress, logs, image ids and the two
// ways a build fails (an error event inside the stream, or a rejected request).

useFreshSettings();
const { buildImage, BuildFailedError } = await import('@/lib/docker/build-image');
const map = process.env.BASE_IMAGE_MAP ? (JSON.parse(readFileSync(process.env.BASE_IMAGE_MAP, 'utf8')) as Record<string, string>) : {};
const ALPINE = map['alpine:3.21'] ?? 'alpine:3.21';
const LABELS = { 'io.shipshape.test': 'build-image' };
const tags: string[] = [];
afterAll(() => {
  if (tags.length) docker('image', 'rm', '-f', ...tags);
});

const context = writeTree({ 'hello.txt': 'hello\n', 'secret.env': 'TOKEN=1\n', '.dockerignore': 'secret.env\n' });

describe.each([...BUILDERS])('the %s builder', (builder) => {
  it('builds, reports every step and the log, and applies .dockerignore', async () => {
    const tag = `shipshape-test/build-image:${builder}`;
    tags.push(tag);
    const steps: { step: number; total: number }[] = [];
    let log = '';
    const dockerfile = `FROM ${ALPINE}\nCOPY . /ctx/\nRUN ${builder !== 'classic' ? '--mount=type=cache,target=/cache ' : ''}ls -a /ctx && echo built-${builder}\n`;
    const result = await buildImage({ contextDir: context, dockerfile, tag, labels: LABELS, builder, nocache: true, onProgress: (p) => steps.push(p), onLog: (t) => (log += t) });
    expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(docker('image', 'inspect', '--format', '{{.Id}}', tag)).toBe(result.imageId);
    expect(log).toContain(`built-${builder}`);
    expect(log).toContain('hello.txt');
    expect(log).not.toContain('secret.env');
    // neither the Dockerfile nor the .dockerignore travels into the image
    expect(log).not.toMatch(/\.dockerfile\.[0-9a-f]{20}/);
    expect(log).not.toMatch(/^(?!.*load \.dockerignore).*\.dockerignore\s*$/m);
    // the classic builder and Buildah count the labels as one more step
    const total = builder === 'buildkit' ? 3 : 4;
    expect(steps.at(-1)).toEqual({ step: total, total });
  }, 120_000);

  it("reports a failing step as a BuildFailedError with the engine's words", async () => {
    const build = buildImage({ contextDir: context, dockerfile: `FROM ${ALPINE}\nRUN echo about-to-fail && exit 3\n`, tag: 'shipshape-test/never:x', labels: LABELS, builder });
    await expect(build).rejects.toBeInstanceOf(BuildFailedError);
    await expect(build).rejects.toThrow(/exit code:? 3|non-zero code: 3|exit status 3/);
  }, 120_000);

  it('reports an unknown instruction as a BuildFailedError', async () => {
    await expect(buildImage({ contextDir: context, dockerfile: `FROM ${ALPINE}\nFLY away\n`, tag: 'shipshape-test/never:y', labels: LABELS, builder })).rejects.toThrow(
      /unknown instruction:? "?FLY/i,
    );
  }, 120_000);
});
