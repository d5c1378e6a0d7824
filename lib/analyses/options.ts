import { z } from 'zod';

/** What a user may ask of an analysis beyond the source. */
export const analysisOptionsSchema = z
  .object({
    /** one of a previous detection's entry points (a cmd/ package, a Rust binary, a main class...) */
    entryPoint: z.string().trim().min(1).max(300).optional(),
    /** also build the multi-stage file on the other final bases the seed's table allows */
    alternatives: z.boolean().optional(),
    /** also build the multi-stage file for these platforms, where the engine can */
    platforms: z
      .array(z.enum(['linux/arm64', 'linux/amd64']))
      .max(2)
      .optional(),
    /** rebuild after a source-only change to measure the warm build (default on) */
    warmRebuild: z.boolean().optional(),
    /** a monorepo's root: analyse each app found in its folders, as analyses of their own grouped under this one */
    eachApp: z.boolean().optional(),
  })
  .strict();

export type AnalysisOptions = z.infer<typeof analysisOptionsSchema>;

/** The options stored with an analysis; a shape an older version stored that no longer passes is no options. */
export function parseStoredOptions(stored: AnalysisOptions | null): AnalysisOptions {
  const parsed = analysisOptionsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}
