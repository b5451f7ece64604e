CREATE TABLE "permissions"."role_inheritance" (
	"role_id" text NOT NULL,
	"inherits_id" text NOT NULL,
	CONSTRAINT "role_inheritance_role_id_inherits_id_pk" PRIMARY KEY("role_id","inherits_id")
);
--> statement-breakpoint
CREATE TABLE "permissions"."role_permissions" (
	"id" text PRIMARY KEY NOT NULL,
	"role_id" text NOT NULL,
	"permission" text NOT NULL,
	"effect" text DEFAULT 'allow' NOT NULL,
	"conditions" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_permissions_effect_check" CHECK ("permissions"."role_permissions"."effect" in ('allow', 'deny'))
);
--> statement-breakpoint
CREATE TABLE "permissions"."roles" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"system" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "permissions"."user_roles" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"role_id" text NOT NULL,
	"tenant_id" text,
	"expires_at" timestamp with time zone,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_by" text,
	CONSTRAINT "user_roles_unique" UNIQUE NULLS NOT DISTINCT("user_id","role_id","tenant_id")
);
--> statement-breakpoint
ALTER TABLE "permissions"."role_inheritance" ADD CONSTRAINT "role_inheritance_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "permissions"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permissions"."role_inheritance" ADD CONSTRAINT "role_inheritance_inherits_id_roles_id_fk" FOREIGN KEY ("inherits_id") REFERENCES "permissions"."roles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permissions"."role_permissions" ADD CONSTRAINT "role_permissions_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "permissions"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permissions"."user_roles" ADD CONSTRAINT "user_roles_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "auth"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permissions"."user_roles" ADD CONSTRAINT "user_roles_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "permissions"."roles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "role_inheritance_parent_idx" ON "permissions"."role_inheritance" USING btree ("inherits_id");--> statement-breakpoint
CREATE UNIQUE INDEX "role_permissions_unique_idx" ON "permissions"."role_permissions" USING btree ("role_id","permission","effect");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_name_idx" ON "permissions"."roles" USING btree ("name");--> statement-breakpoint
CREATE INDEX "user_roles_role_idx" ON "permissions"."user_roles" USING btree ("role_id");