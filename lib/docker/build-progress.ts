import { DockerfileParser } from 'dockerfile-ast';

// Step counters from the text of a build's progress stream, for the builders that
// report progress as text (BuildKit's come decoded from its trace, buildkit-status.ts).

export interface StepProgress {
  step: number;
  total: number;
}

const CLASSIC_STEP = /^Step (\d+)\/(\d+) : /m;

/** The classic builder: "Step 3/7 : RUN ..." counts the instructions of every stage. */
export function classicStep(text: string): StepProgress | undefined {
  const step = CLASSIC_STEP.exec(text);
  return step ? { step: Number(step[1]), total: Number(step[2]) } : undefined;
}

const BUILDAH_STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): /m;

/** Instructions per stage (FROM included), as Buildah counts its steps. */
export function instructionsPerStage(dockerfile: string): number[] {
  const counts: number[] = [];
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') counts.push(1);
    else if (counts.length) counts[counts.length - 1]! += 1;
  }
  return counts;
}

/**
 * Buildah (Podman) numbers steps per stage: "[2/3] STEP 4/6: COPY ...". The whole
 * build's step is the steps of the stages before plus this one's; stages not reached
 * yet count as many steps as their instructions (Buildah adds the LABEL of the build's
 * labels to the last stage, and says so when it gets there).
 */
export class BuildahProgress {
  private readonly totals: number[];

  constructor(dockerfile: string) {
    this.totals = instructionsPerStage(dockerfile);
  }

  apply(text: string): StepProgress | undefined {
    const match = BUILDAH_STEP.exec(text);
    if (!match) return undefined;
    const stage = match[1] ? Number(match[1]) - 1 : 0;
    const step = Number(match[3]);
    this.totals[stage] = Number(match[4]);
    const before = this.totals.slice(0, stage).reduce((a, b) => a + b, 0);
    return { step: before + step, total: this.totals.reduce((a, b) => a + b, 0) };
  }
}
