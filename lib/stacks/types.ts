import type { NodeWorkspace } from '@/lib/stacks/node/workspace';
import type { FinalBase } from '@/lib/base-images/catalog';
import { UserFacingError } from '@/lib/errors';
import type { FrontEnd } from '@/lib/stacks/node/front-end';

/** What every detector reports, as shown to the user and stored as JSON. */
interface StackBase {
  /** the build tool, e.g. go, cargo, pip, poetry, uv, maven, gradle, npm, yarn, pnpm */
  buildTool: string;
  /** what is built and run: a Go package, a Rust binary, a module, a jar, a script */
  entryPoint: string;
  /** every entry point found, the chosen one first; the user may pick another */
  entryPoints: string[];
  /** a source file the warm rebuild changes (a comment is appended), relative to the root */
  sourceFile: string | null;
  /** why each choice was made, in the words shown on the page */
  reasons: string[];
  /** what makes a server listen on all interfaces: arguments and variables the images run it with */
  listen?: { args: string[]; env: Record<string, string> };
}

export interface GoStack extends StackBase {
  language: 'go';
  module: string;
  goVersion: string;
  binary: string;
  vendored: boolean;
  hasGoSum: boolean;
  /** false: a program without go.mod (the build runs go mod init); absent in stacks stored before it was asked */
  hasGoMod?: boolean;
  hasDependencies: boolean;
  usesCgo: boolean;
  port: number | null;
}

export interface RustStack extends StackBase {
  language: 'rust';
  /** the package that owns the binary (for `-p` in a workspace) */
  package: string;
  binary: string;
  workspace: boolean;
  hasLock: boolean;
  /** the crate is src/main.rs (+ src/lib.rs) only, so the seed's dependency-cache trick applies */
  simpleLayout: boolean;
  hasLib: boolean;
}

export interface PythonStack extends StackBase {
  language: 'python';
  /** how dependencies are declared */
  dependencies: 'requirements' | 'pyproject' | 'none';
  /** the command that starts the program, as an exec-form array */
  command: string[];
  port: number | null;
}

export interface JvmStack extends StackBase {
  language: 'java' | 'kotlin';
  buildTool: 'maven' | 'gradle';
  gradleDsl: 'kotlin' | 'groovy' | null;
  /** what the build produces and how it is started */
  artifact: { kind: 'jar'; path: string; mainClass: string | null; executable: boolean } | { kind: 'distribution'; name: string };
  /** the build step, e.g. `mvn -B package -DskipTests` or `gradle shadowJar --no-daemon` */
  task: string;
  /** the build definition files copied before the sources (dependency cache layer) */
  buildFiles: string[];
  /** a gradle/ folder (version catalog, wrapper) that the build needs */
  hasGradleDir: boolean;
}

export interface NodeStack extends StackBase {
  language: 'node';
  buildTool: 'npm' | 'yarn' | 'pnpm';
  lockfile: string | null;
  hasBuild: boolean;
  next: { standalone: boolean; hasPublic: boolean } | null;
  /** a front-end app: its build is static files, served without Node.js in the multi-stage image */
  frontEnd?: FrontEnd | null;
  /** the npm, yarn or pnpm workspace the app belongs to: the build context is its root */
  workspace?: NodeWorkspace;
  /** a server framework's build (Nuxt, SvelteKit's adapter-node, Remix); selfContained: it needs no node_modules beside it */
  framework?: { name: 'nuxt' | 'sveltekit' | 'remix'; selfContained: boolean };
  /** Yarn 2+ (Berry), through corepack: its major version where packageManager names it, and whether it installs Plug'n'Play (.pnp.cjs, no node_modules) */
  yarnBerry?: { major: number | null; pnp: boolean } | null;
  /** the pnpm the build installs (npm install -g pnpm@…): packageManager's version, else the major its lockfile's format implies */
  pnpmVersion?: string | null;
  command: string[];
  port: number | null;
}

export type Stack = GoStack | RustStack | PythonStack | JvmStack | NodeStack;

export interface FinalBaseChoice {
  base: FinalBase;
  reason: string;
}

export interface GeneratedDockerfiles {
  singleStage: string;
  multiStage: string;
  /** the final stage's base and why the seed's table picks it */
  finalBase: FinalBaseChoice;
  /** the same multi-stage build on the other bases the table allows, to compare */
  alternatives: { base: FinalBase; dockerfile: string }[];
  /** written into the build context when the repository has no .dockerignore */
  dockerignore: string;
}

export class StackNotDetectedError extends UserFacingError {}

export interface DetectOptions {
  /** an entry point from a previous detection's `entryPoints` */
  entryPoint?: string;
  /** the repository's root, when the folder analysed is below it (a workspace's root may be above the folder) */
  repoRoot?: string;
}
