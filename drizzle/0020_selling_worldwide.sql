CREATE TYPE "public"."promotion_method" AS ENUM('code', 'automatic');--> statement-breakpoint
CREATE TYPE "public"."promotion_type" AS ENUM('percentage', 'fixed_amount', 'free_shipping');--> statement-breakpoint
CREATE TABLE "market_countries" (
	"store_id" uuid NOT NULL,
	"country" text NOT NULL,
	"market_id" uuid NOT NULL,
	CONSTRAINT "market_countries_pkey" PRIMARY KEY("store_id","country"),
	CONSTRAINT "market_countries_country_check" CHECK ("market_countries"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "markets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"currency" char(3) NOT NULL,
	"tax_inclusive" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "markets_code_check" CHECK ("markets"."code" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("markets"."code") <= 32 AND "markets"."code" <> 'default'),
	CONSTRAINT "markets_currency_check" CHECK ("markets"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "promotion_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"promotion_id" uuid NOT NULL,
	"code" text NOT NULL,
	"usage_limit" integer,
	"times_used" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_codes_code_check" CHECK ("promotion_codes"."code" ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'),
	CONSTRAINT "promotion_codes_usage_limit_check" CHECK ("promotion_codes"."usage_limit" IS NULL OR "promotion_codes"."times_used" <= "promotion_codes"."usage_limit"),
	CONSTRAINT "promotion_codes_limits_check" CHECK ("promotion_codes"."times_used" >= 0 AND "promotion_codes"."usage_limit" >= 1)
);
--> statement-breakpoint
CREATE TABLE "promotion_customer_uses" (
	"promotion_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"times_used" integer NOT NULL,
	"usage_limit" integer NOT NULL,
	CONSTRAINT "promotion_customer_uses_pkey" PRIMARY KEY("promotion_id","customer_id"),
	CONSTRAINT "promotion_customer_uses_limit_check" CHECK ("promotion_customer_uses"."times_used" <= "promotion_customer_uses"."usage_limit")
);
--> statement-breakpoint
CREATE TABLE "promotion_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"promotion_id" uuid NOT NULL,
	"code_id" uuid,
	"code" text,
	"order_id" uuid NOT NULL,
	"customer_id" uuid,
	"currency" char(3) NOT NULL,
	"amount" bigint NOT NULL,
	"shipping_amount" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_redemptions_amount_check" CHECK ("promotion_redemptions"."amount" >= 0 AND "promotion_redemptions"."shipping_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"method" "promotion_method" NOT NULL,
	"type" "promotion_type" NOT NULL,
	"percentage_bps" integer,
	"amounts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"min_subtotals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"category_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"first_order_only" boolean DEFAULT false NOT NULL,
	"customer_segments" "customer_segment"[] DEFAULT '{}'::customer_segment[] NOT NULL,
	"market_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"usage_limit" integer,
	"usage_limit_per_customer" integer,
	"times_used" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotions_usage_limit_check" CHECK ("promotions"."usage_limit" IS NULL OR "promotions"."times_used" <= "promotions"."usage_limit"),
	CONSTRAINT "promotions_limits_check" CHECK ("promotions"."times_used" >= 0 AND "promotions"."usage_limit" >= 1 AND "promotions"."usage_limit_per_customer" >= 1),
	CONSTRAINT "promotions_percentage_check" CHECK (("promotions"."type" = 'percentage') = ("promotions"."percentage_bps" IS NOT NULL) AND "promotions"."percentage_bps" BETWEEN 1 AND 10000),
	CONSTRAINT "promotions_window_check" CHECK ("promotions"."ends_at" IS NULL OR "promotions"."ends_at" > "promotions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"country" text NOT NULL,
	"region" text,
	"tax_class" text,
	"name" text NOT NULL,
	"rate_ppm" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rates_country_check" CHECK ("tax_rates"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "tax_rates_region_check" CHECK ("tax_rates"."region" ~ '^[A-Z0-9-]{1,10}$'),
	CONSTRAINT "tax_rates_class_check" CHECK ("tax_rates"."tax_class" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("tax_rates"."tax_class") <= 32),
	CONSTRAINT "tax_rates_rate_check" CHECK ("tax_rates"."rate_ppm" BETWEEN 0 AND 1000000)
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "prices_include_tax" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "tax_class" text;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "market" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "promotion_code" text;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "tax" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tax_included" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tax_lines" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "market" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "items" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "market_countries" ADD CONSTRAINT "market_countries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_countries" ADD CONSTRAINT "market_countries_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "markets" ADD CONSTRAINT "markets_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_codes" ADD CONSTRAINT "promotion_codes_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_codes" ADD CONSTRAINT "promotion_codes_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_customer_uses" ADD CONSTRAINT "promotion_customer_uses_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_customer_uses" ADD CONSTRAINT "promotion_customer_uses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_customer_uses" ADD CONSTRAINT "promotion_customer_uses_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_code_id_promotion_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."promotion_codes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "market_countries_market_idx" ON "market_countries" USING btree ("market_id");--> statement-breakpoint
CREATE UNIQUE INDEX "markets_store_code_unique" ON "markets" USING btree ("store_id","code");--> statement-breakpoint
CREATE INDEX "markets_store_currency_idx" ON "markets" USING btree ("store_id","currency");--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_codes_store_code_unique" ON "promotion_codes" USING btree ("store_id","code");--> statement-breakpoint
CREATE INDEX "promotion_codes_promotion_idx" ON "promotion_codes" USING btree ("promotion_id","id");--> statement-breakpoint
CREATE INDEX "promotion_customer_uses_customer_idx" ON "promotion_customer_uses" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "promotion_customer_uses_store_idx" ON "promotion_customer_uses" USING btree ("store_id");--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_redemptions_order_promotion_unique" ON "promotion_redemptions" USING btree ("order_id","promotion_id");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_promotion_idx" ON "promotion_redemptions" USING btree ("promotion_id","created_at");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_code_idx" ON "promotion_redemptions" USING btree ("code_id");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_customer_idx" ON "promotion_redemptions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_store_idx" ON "promotion_redemptions" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "promotions_store_method_idx" ON "promotions" USING btree ("store_id","method","active");--> statement-breakpoint
CREATE INDEX "promotions_store_id_idx" ON "promotions" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "tax_rates_store_country_idx" ON "tax_rates" USING btree ("store_id","country");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_rates_destination_unique" ON "tax_rates" USING btree ("store_id","country",coalesce("region", ''),coalesce("tax_class", ''),"name");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_tax_class_check" CHECK ("products"."tax_class" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("products"."tax_class") <= 32);--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_discount_check" CHECK ("order_items"."discount" BETWEEN 0 AND "order_items"."line_total" AND "order_items"."tax" >= 0);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tax_included_check" CHECK ("orders"."tax_included" >= 0 AND ("orders"."tax_included" = 0 OR "orders"."tax_total" = 0));