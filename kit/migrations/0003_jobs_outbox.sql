CREATE TABLE "sv_sdk"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"queue" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"backoff_ms" integer DEFAULT 1000 NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outbox_relay_idx" ON "sv_sdk"."outbox" USING btree ("queue","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency_idx" ON "sv_sdk"."outbox" USING btree ("queue","idempotency_key") WHERE "sv_sdk"."outbox"."idempotency_key" is not null;