import { detectGo } from '@/lib/stacks/go/detect-go';
import { generateGo } from '@/lib/stacks/go/generate-go';
import { detectJvm } from '@/lib/stacks/jvm/detect-jvm';
import { generateJvm } from '@/lib/stacks/jvm/generate-jvm';
import { detectNode } from '@/lib/stacks/node/detect-node';
import { generateNode } from '@/lib/stacks/node/generate-node';
import { detectPython } from '@/lib/stacks/python/detect-python';
import { generatePython } from '@/lib/stacks/python/generate-python';
import { detectRust } from '@/lib/stacks/rust/detect-rust';
import { generateRust } from '@/lib/stacks/rust/generate-rust';
import { StackNotDetectedError, type DetectOptions, type GeneratedDockerfiles, type Stack } from '@/lib/stacks/types';
import { findApps, type FoundApp } from '@/lib/stacks/apps';

// Detectors in order of precedence: a repository with go.mod and a package.json
// (a Go service with a JS front-end build) is a Go service.
const DETECTORS: { lookedFor: string; detect: (root: string, options: DetectOptions) => Stack | null }[] = [
  { lookedFor: 'go.mod (Go)', detect: detectGo },
  { lookedFor: 'Cargo.toml (Rust)', detect: detectRust },
  { lookedFor: 'pom.xml or build.gradle(.kts) (Java/Kotlin)', detect: detectJvm },
  { lookedFor: 'requirements.txt or pyproject.toml (Python)', detect: detectPython },
  { lookedFor: 'package.json (Node.js)', detect: detectNode },
];

/** The stack of this folder itself. */
function detectHere(root: string, options: DetectOptions): Stack {
  for (const detector of DETECTORS) {
    const stack = detector.detect(root, options);
    if (stack) return stack;
  }
  throw new StackNotDetectedError(
    `No supported stack found. Looked for: ${DETECTORS.map((d) => d.lookedFor).join(', ')}. If the service lives in a subfolder of a monorepo, give that folder as "subdir".`,
  );
}

/** A monorepo's root: nothing to build there, but apps in its folders (listed, to pick one with subdir). */
export class MonorepoError extends StackNotDetectedError {
  constructor(readonly apps: FoundApp[]) {
    const list = apps.map((a) => `${a.subdir} (${LANGUAGE_NAMES[a.language]}, runs ${a.entryPoint})`).join(', ');
    super(
      `Nothing to build at the repository's root, but its folders hold ${apps.length === 1 ? 'an app' : `${apps.length} apps`}: ${list}. Analyse one with "subdir" set to its folder, e.g. "${apps[0]!.subdir}", or each of them with the option "eachApp".`,
    );
  }
}

const LANGUAGE_NAMES: Record<Stack['language'], string> = { go: 'Go', rust: 'Rust', python: 'Python', java: 'Java', kotlin: 'Kotlin', node: 'Node.js' };

export function detectStack(root: string, options: DetectOptions = {}): Stack {
  try {
    return detectHere(root, options);
  } catch (error) {
    if (!(error instanceof StackNotDetectedError)) throw error;
    const apps = findApps(root, detectHere);
    if (apps.length) throw new MonorepoError(apps);
    throw error;
  }
}

export function generateDockerfiles(stack: Stack): GeneratedDockerfiles {
  switch (stack.language) {
    case 'go':
      return generateGo(stack);
    case 'rust':
      return generateRust(stack);
    case 'python':
      return generatePython(stack);
    case 'java':
    case 'kotlin':
      return generateJvm(stack);
    case 'node':
      return generateNode(stack);
  }
}
