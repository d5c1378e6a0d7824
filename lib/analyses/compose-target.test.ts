import { describe, expect, it } from 'vitest';
import { writeTree } from '../../tests/helpers/write-tree';
import { composeTarget } from '@/lib/analyses/compose-target';
import { readDockerfileRefs } from '@/lib/build-policy/dockerfile-refs';

describe("the target a repository's compose file builds", () => {
  it('is read from the compose file beside the folder or above it, for the service whose context is the folder', () => {
    const root = writeTree({
      'compose.yaml': 'services:\n  backend:\n    build:\n      context: backend\n      target: development\n  frontend:\n    build: frontend\n',
      'backend/Dockerfile': 'FROM node:22 AS development\n',
      'frontend/Dockerfile': 'FROM node:22\n',
    });
    expect(composeTarget(`${root}/backend`, root)).toEqual({ target: 'development', file: '../compose.yaml', service: 'backend' });
    expect(composeTarget(`${root}/frontend`, root)).toBeNull();
  });

  it('another Dockerfile, a compose file that does not parse, or one outside the repository name none', () => {
    const other = writeTree({ 'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: Dockerfile.prod\n      target: prod\n', Dockerfile: 'FROM a\n' });
    expect(composeTarget(other, other)).toBeNull();
    const broken = writeTree({ 'docker-compose.yml': 'services: [\n', Dockerfile: 'FROM a\n' });
    expect(composeTarget(broken, broken)).toBeNull();
    const outside = writeTree({ 'compose.yaml': 'services:\n  api:\n    build:\n      context: app\n      target: dev\n', 'app/Dockerfile': 'FROM a\n' });
    expect(composeTarget(`${outside}/app`, `${outside}/app`)).toBeNull();
  });

  it('makes the stages that target does not need (the last one too) unneeded', () => {
    const refs = readDockerfileRefs('FROM node:22 AS development\nRUN echo dev\nFROM development AS dev-envs\nCOPY --from=other/team /x /x\n', 'development');
    expect(refs.unneededStages).toEqual([{ index: 1, name: 'dev-envs', startLine: 2, endLine: 4 }]);
  });
});
