-- A monorepo's apps, each analysed on its own under the analysis of its root (options.eachApp).
ALTER TABLE "Analysis" ADD COLUMN "apps" JSONB;
ALTER TABLE "Analysis" ADD COLUMN "groupId" TEXT;
CREATE INDEX "Analysis_groupId_idx" ON "Analysis"("groupId");
