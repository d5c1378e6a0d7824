import { describe, expect, it } from 'vitest';
import { docker } from '../helpers/docker-cli';
import { DEBIAN, repositoryBuilds } from '../helpers/repository-builds';

// The repository's own Dockerfile, built as the repository means it and no further: a
// # syntax= frontend the instance may not read is left out, so are stages the final image
// does not need (with the images they would read), and a compose file's build target is
// where the build stops.

const { load, ownImage } = repositoryBuilds();

describe("the repository's own Dockerfile", () => {
  it("a # syntax= frontend it may not read (another team's image, or one no registry has) is left out: the engine's own frontend builds", async () => {
    const tag = `shipshape-test/frontend-${Date.now()}:latest`;
    ownImage('not a frontend\n', tag);
    const { analyse } = await load();
    for (const frontend of [tag, 'docker/dockerfile:1.4']) {
      const { analysis, variant } = await analyse(`# syntax=${frontend}\nFROM ${DEBIAN}\nRUN echo built-by-the-own-frontend\n`);
      expect(analysis.error, frontend).toBeNull();
      expect(variant.status).toBe('succeeded');
      expect(variant.log).toMatch(/The # syntax= line is left out: the engine's own Dockerfile frontend builds this file/);
      expect(variant.log).toContain('built-by-the-own-frontend');
    }
  }, 240_000);

  it('a stage the final image does not need is left out, with the images it would read', async () => {
    const tag = `shipshape-test/unneeded-${Date.now()}:latest`;
    ownImage('other team secret\n', tag);
    const { analyse } = await load();
    const { analysis, variant } = await analyse(
      `FROM ${DEBIAN} AS build\nRUN echo built > /built\nFROM build AS dev-envs\nCOPY --from=${tag} /secret.txt /stolen.txt\nRUN cat /stolen.txt\nFROM ${DEBIAN}\nCOPY --from=build /built /built\n`,
    );
    expect(analysis.error).toBeNull();
    expect(variant.status).toBe('succeeded');
    expect(variant.log).toMatch(/The stage dev-envs \(lines 3-5\) is not needed for the final image: it is left out/);
    expect(variant.log).not.toContain('other team secret');
  }, 240_000);

  it("the repository's Dockerfile is built at the target its compose file names; the stages after it are left out", async () => {
    const tag = `shipshape-test/compose-${Date.now()}:latest`;
    ownImage('other team secret\n', tag);
    const { analyse } = await load();
    const { analysis, variant } = await analyse(
      `FROM ${DEBIAN} AS development\nRUN echo development > /which\nFROM development AS dev-envs\nCOPY --from=${tag} /secret.txt /stolen.txt\n`,
      {
        'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: development\n',
      },
    );
    expect(analysis.error).toBeNull();
    expect(variant.status).toBe('succeeded');
    expect(analysis.notes).toContainEqual({ topic: 'repository', message: "The repository's Dockerfile is built at the target compose.yaml builds for app: development." });
    expect(docker('run', '--rm', '--network', 'none', '--entrypoint', 'cat', variant.imageId!, '/which')).toBe('development');
    expect(variant.log).not.toContain('other team secret');
  }, 240_000);
});
