-- Live progress across processes: every write to an analysis or its variants tells
-- the listening web servers (LISTEN shipshape_analysis) which analysis changed.
CREATE OR REPLACE FUNCTION "shipshape_notify_analysis"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('shipshape_analysis', NEW."id");
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION "shipshape_notify_variant"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('shipshape_analysis', NEW."analysisId");
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Analysis_notify" AFTER INSERT OR UPDATE ON "Analysis" FOR EACH ROW EXECUTE FUNCTION "shipshape_notify_analysis"();
CREATE TRIGGER "Variant_notify" AFTER INSERT OR UPDATE ON "Variant" FOR EACH ROW EXECUTE FUNCTION "shipshape_notify_variant"();
