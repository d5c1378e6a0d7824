import { DockerfileParser, type From } from 'dockerfile-ast';

// What building a Dockerfile for another platform needs from the engine, read from
// its stages: a stage `FROM --platform=$BUILDPLATFORM` runs on the engine's own CPU
// (a cross-compiling builder), every other stage is of the target platform. Each
// target stage's base image must exist for the target, and a RUN step in such a stage
// must execute the target's programs (emulation on another CPU).

export interface TargetStage {
  /** the image the stage starts from, as written (after the base-image map) */
  image: string;
  /** 1-based line of its FROM */
  line: number;
  /** the first RUN step of the stage, if any (it must run on the target platform) */
  firstRun: string | null;
}

export interface PlatformNeeds {
  /** stages of the target platform that start from an image (not scratch, not another stage) */
  targetStages: TargetStage[];
  /** a RUN step that executes on the target platform, if any */
  runsOnTarget: { image: string; command: string } | null;
}

const BUILD_PLATFORM = /^\$\{?BUILDPLATFORM\}?$/;

interface Stage {
  name: string | null;
  image: string;
  line: number;
  onBuildPlatform: boolean;
  runs: string[];
}

export function platformNeeds(dockerfile: string): PlatformNeeds {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      const image = from.getImage() ?? '';
      const platform = from.getPlatformFlag()?.getValue() ?? null;
      const parent = stages.find((s) => s.name !== null && s.name === image.toLowerCase());
      stages.push({
        name: from.getBuildStage()?.toLowerCase() ?? null,
        image: parent ? parent.image : image,
        line: instruction.getRange().start.line + 1,
        // a stage built FROM another stage runs where that one does
        onBuildPlatform: parent ? parent.onBuildPlatform : platform !== null && BUILD_PLATFORM.test(platform),
        runs: [],
      });
    } else if (keyword === 'RUN' && stages.length) {
      stages.at(-1)!.runs.push(instruction.getArgumentsContent()?.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim() ?? '');
    }
  }
  const target = stages.filter((s) => !s.onBuildPlatform);
  const withRun = target.find((s) => s.runs.length && s.image !== 'scratch');
  return {
    targetStages: target
      .filter((s) => s.image !== 'scratch')
      .filter((s, i, all) => all.findIndex((o) => o.image === s.image) === i)
      .map((s) => ({ image: s.image, line: s.line, firstRun: s.runs[0] ?? null })),
    runsOnTarget: withRun ? { image: withRun.image, command: withRun.runs[0]! } : null,
  };
}
