/** What detection found in a repository, as shown to the user and stored as JSON. */
export interface GoStack {
  language: 'go';
  buildTool: 'go';
  module: string;
  /** the Go release the builder images use */
  goVersion: string;
  /** the package built, relative to the repository: "." or "./cmd/<name>" */
  entryPoint: string;
  /** every main package found, the chosen one first */
  entryPoints: string[];
  binary: string;
  vendored: boolean;
  hasGoSum: boolean;
  hasDependencies: boolean;
  usesCgo: boolean;
  port: number | null;
  /** why each choice was made, in the words shown on the page */
  reasons: string[];
}

export type Stack = GoStack;

export interface GeneratedDockerfiles {
  singleStage: string;
  multiStage: string;
  /** the final stage's base image and why it was chosen */
  finalBase: { image: string; reason: string };
}

export class StackNotDetectedError extends Error {
  override name = 'StackNotDetectedError';
}
