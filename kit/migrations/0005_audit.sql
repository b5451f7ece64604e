CREATE TABLE "audit"."checkpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"chain" text NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit"."entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"chain" text DEFAULT 'main' NOT NULL,
	"seq" bigint NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"actor_id" text,
	"actor_ip" text,
	"user_agent" text,
	"request_id" text,
	"event_id" text,
	"target_type" text,
	"target_id" text,
	"metadata" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (jsonb_to_tsvector('simple'::regconfig, metadata, '["string"]'::jsonb)) STORED
);
--> statement-breakpoint
CREATE UNIQUE INDEX "checkpoints_chain_seq_idx" ON "audit"."checkpoints" USING btree ("chain","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "entries_chain_seq_idx" ON "audit"."entries" USING btree ("chain","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "entries_event_idx" ON "audit"."entries" USING btree ("event_id") WHERE "audit"."entries"."event_id" is not null;--> statement-breakpoint
CREATE INDEX "entries_actor_idx" ON "audit"."entries" USING btree ("actor_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "entries_action_idx" ON "audit"."entries" USING btree ("action","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "entries_target_idx" ON "audit"."entries" USING btree ("target_type","target_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "entries_time_idx" ON "audit"."entries" USING btree ("occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "entries_search_idx" ON "audit"."entries" USING gin ("search");--> statement-breakpoint
CREATE INDEX "entries_unsuccessful_idx" ON "audit"."entries" USING btree ("outcome","occurred_at" DESC NULLS LAST) WHERE "audit"."entries"."outcome" <> 'success';--> statement-breakpoint
-- Append-only: UPDATE, DELETE and TRUNCATE of audit entries are refused unless the transaction set
-- `sv_sdk.audit_maintenance` to 'on' (`SET LOCAL`, the retention job). verify() reports what such a change broke.
CREATE OR REPLACE FUNCTION "audit"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('sv_sdk.audit_maintenance', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit entries are append-only (%)', TG_OP USING ERRCODE = '42501';
END
$$;--> statement-breakpoint
CREATE TRIGGER "entries_append_only" BEFORE UPDATE OR DELETE ON "audit"."entries"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();--> statement-breakpoint
CREATE TRIGGER "entries_no_truncate" BEFORE TRUNCATE ON "audit"."entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit"."checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();
