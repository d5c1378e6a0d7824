import { z } from 'zod';
import { downloadFormatSchema } from '@/lib/api/download';

// The request schemas the API routes validate with, in one module: the routes parse
// with them and /api/openapi.json describes them (lib/api/openapi.ts), one copy each.

export { submissionSchema, archiveFieldsSchema, uploadTypeSchema } from '@/lib/sources/source-input';
export { analysisOptionsSchema } from '@/lib/analyses/options';
export { budgetSchema } from '@/lib/repositories/budget';
export { repositoryQuerySchema } from '@/lib/repositories/repository-json';
export { downloadFormatSchema };

const imageRef = z
  .string()
  .trim()
  .min(1, 'is required: an analysis id, analysisId:kind, or an image reference on the engine')
  .max(300)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'must be an analysis id, analysisId:kind, or an image reference');

/** GET /api/compare */
export const compareQuerySchema = z.object({ a: imageRef, b: imageRef });

const sharedKind = z
  .string()
  .trim()
  .min(1, 'is required: a variant of the shared analysis, e.g. single-stage')
  .max(100)
  .regex(/^[a-z0-9][a-z0-9:-]*$/, 'must be a variant of the shared analysis, e.g. single-stage or multi-stage');

/** GET /api/share/:token/compare */
export const sharedCompareQuerySchema = z.object({ a: sharedKind, b: sharedKind });

/** POST /api/analyses/:id/share */
export const shareRequestSchema = z
  .object({
    expiresInDays: z.number().int().min(1).max(365).nullable().optional(),
    includeLogs: z.boolean().optional(),
  })
  .strict();

/** GET /api/analyses/:id/variants/:kind/files */
export const filesQuerySchema = z.object({
  layer: z.coerce.number().int().min(0).default(0),
  path: z
    .string()
    .default('/')
    .transform((p) => `/${p.split('/').filter(Boolean).join('/')}`)
    .refine((p) => !p.split('/').includes('..'), { message: 'must not contain ..' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  /** only: what that layer alone added, changed and removed; else the tree as of that layer */
  changes: z.enum(['only']).optional(),
});

/** GET /api/analyses/:id/variants/:kind/export */
export const variantExportQuerySchema = downloadFormatSchema.extend({ what: z.enum(['layers', 'files']).default('layers') });

/** POST /api/tokens */
export const tokenCreateSchema = z.object({ name: z.string().trim().min(1, 'is required').max(100) }).strict();
