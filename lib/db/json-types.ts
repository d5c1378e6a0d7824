import type { AnalysisProgress as Progress, Note } from '@/lib/analyses/kinds';
import type { AnalysisOptions as Options } from '@/lib/analyses/options';
import type { GroupApp } from '@/lib/analyses/app-group';
import type { StackJson as Stack, VariantEngineJson, VariantJson, WastedJson } from '@/lib/analyses/analysis-json';
import type { BaseImageUse } from '@/lib/base-images/rewrite-from';
import type { EngineSizes as Sizes } from '@/lib/docker/inspect-image';
import type { RunCheck as ImageRunCheck } from '@/lib/docker/run-check';
import type { ImagePackage } from '@/lib/image-files/packages';
import type { Finding } from '@/lib/findings/find-issues';
import type { TreeNode as FileTreeNode } from '@/lib/image-files/summarise';
import type { Budget as RepositoryBudget } from '@/lib/repositories/budget';
import type { Verdict as BudgetVerdict } from '@/lib/repositories/verdict';

// The types of the database's Json columns. prisma/schema.prisma names one on each
// column (`/// [Name]`), and prisma-json-types-generator writes it into the generated
// client, so a row reads and writes these shapes, not JSON text or `unknown`.

declare global {
  namespace PrismaJson {
    type StackJson = Stack;
    type AnalysisProgress = Progress;
    type AnalysisOptions = Options;
    type Notes = Note[];
    type Verdict = BudgetVerdict;
    type Budget = RepositoryBudget;
    type BaseImageUses = BaseImageUse[];
    type VariantEngine = VariantEngineJson;
    type EngineSizes = Sizes;
    type WastedPaths = WastedJson[];
    type TreeNode = FileTreeNode;
    type LargestFiles = VariantJson['largestFiles'];
    type Findings = Finding[];
    type RunCheck = ImageRunCheck;
    type ImagePackages = ImagePackage[];
    type FoundApps = GroupApp[];
  }
}
