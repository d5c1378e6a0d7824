import { expect } from 'vitest';
import { validate } from 'dockerfile-utils';

/** Asserts a Dockerfile has no problem the VS Code Dockerfile language server reports. */
export function expectValidDockerfile(text: string): void {
  const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  expect(problems, text).toEqual([]);
}
