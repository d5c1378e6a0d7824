import { detectGo } from '@/lib/stacks/go/detect-go';
import { generateGo } from '@/lib/stacks/go/generate-go';
import { StackNotDetectedError, type GeneratedDockerfiles, type Stack } from '@/lib/stacks/types';

/** What each detector looks for, listed when nothing matches. */
const LOOKED_FOR = ['go.mod (Go)'];

export function detectStack(root: string): Stack {
  const go = detectGo(root);
  if (go) return go;
  throw new StackNotDetectedError(
    `No supported stack found. Looked for: ${LOOKED_FOR.join(', ')}. If the service lives in a subfolder of a monorepo, give that folder as "subdir".`,
  );
}

export function generateDockerfiles(stack: Stack): GeneratedDockerfiles {
  switch (stack.language) {
    case 'go':
      return generateGo(stack);
  }
}
