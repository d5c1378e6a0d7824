import { z } from 'zod';

// A repository's budget: the rules every analysis of it is held to (its verdict). Sizes
// are bytes as the analysis stores them (sizeBytes unpacked, compressedBytes as a push
// sends them); growth is against a baseline analysis of the same repository.

const variantKind = z.string().trim().min(1).max(100);

export const budgetSchema = z
  .object({
    /** maximum size of a variant, unpacked or compressed */
    maxSize: z
      .array(z.object({ variant: variantKind, compressed: z.boolean().default(false), bytes: z.number().int().positive() }).strict())
      .max(20)
      .default([]),
    /** maximum growth of a variant's size against the baseline, in percent */
    maxGrowth: z
      .object({ variant: variantKind, percent: z.number().min(0).max(100_000) })
      .strict()
      .nullable()
      .default(null),
    /** the baseline: the newest succeeded analysis of this ref, or one pinned; default: the newest succeeded one before */
    baseline: z
      .union([z.object({ ref: z.string().trim().min(1).max(255) }).strict(), z.object({ analysisId: z.string().trim().min(1).max(64) }).strict()])
      .nullable()
      .default(null),
    /** dive's efficiency score of a variant, at least */
    minEfficiency: z
      .object({ variant: variantKind, ratio: z.number().min(0).max(1) })
      .strict()
      .nullable()
      .default(null),
    /** bytes overwritten or removed but still shipped, at most */
    maxWasted: z
      .object({ variant: variantKind, bytes: z.number().int().min(0) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export type Budget = z.infer<typeof budgetSchema>;

/** The stored budget, or null when there is none (or it no longer parses). */
/** A repository's stored budget; a shape an older version stored that no longer passes is no budget. */
export function parseBudget(stored: Budget | null): Budget | null {
  if (!stored) return null;
  const parsed = budgetSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export function isEmptyBudget(budget: Budget): boolean {
  return !budget.maxSize.length && !budget.maxGrowth && !budget.minEfficiency && !budget.maxWasted;
}
