-- The post-delivery email links to the ordered product's review section: the order's first product,
-- and the shop's pattern for the address.
ALTER TABLE "Order" ADD COLUMN "productShopifyId" TEXT;
ALTER TABLE "Shop" ADD COLUMN "reviewUrlPattern" TEXT NOT NULL DEFAULT '{shop_url}/products/{product_handle}#reviews';
