ALTER TYPE "public"."store_status" ADD VALUE 'closed';--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "address" jsonb;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "tax_id" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "cover_url" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "marketing_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "marketing_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "blocked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "blocked_reason" text;--> statement-breakpoint
ALTER TABLE "shipping_rates" ADD COLUMN "min_delivery_days" integer;--> statement-breakpoint
ALTER TABLE "shipping_rates" ADD COLUMN "max_delivery_days" integer;--> statement-breakpoint
CREATE INDEX "customers_tags_idx" ON "customers" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "customers_store_blocked_idx" ON "customers" USING btree ("store_id","id") WHERE "customers"."blocked_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "webhook_events_store_id_idx" ON "webhook_events" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_store_id_idx" ON "audit_log" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_store_action_idx" ON "audit_log" USING btree ("store_id","action","id");--> statement-breakpoint
CREATE INDEX "audit_log_store_actor_idx" ON "audit_log" USING btree ("store_id","actor_id","id");--> statement-breakpoint
ALTER TABLE "shipping_rates" ADD CONSTRAINT "shipping_rates_delivery_days_check" CHECK ("shipping_rates"."min_delivery_days" >= 0 AND "shipping_rates"."max_delivery_days" >= coalesce("shipping_rates"."min_delivery_days", 0));