import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeProduct } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import {
  NewPriceBody,
  PriceIdParams,
  ProductIdParams,
  VariantChanges,
  VariantIdParams,
  VariantInput,
} from '../../schemas/admin-catalog';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { PageQuery, pageSchema } from '../../schemas/pagination';
import { adminVariantView } from '../../services/catalog/admin-product-views';
import { createVariant, deleteVariant, updateVariant, upsertVariant } from '../../services/catalog/admin-variants';
import { addPrice, listPrices, type NewPrice, priceView, withdrawPrice } from '../../services/catalog/prices';

const tags = documenting && ['Catalog: variants and prices'];
const base = '/v1/admin/stores/{store}/products/{productId}';
const conflict =
  documenting &&
  problemResponses({
    409: 'The SKU or option combination is taken, the variant changed since `version`, or orders reference it',
  });
const PricePage = documenting && pageSchema(priceView.schema, 'PricePage');

const createVariantRoute = createRoute({
  method: 'post',
  path: `${base}/variants`,
  operationId: documenting && 'adminCreateVariant',
  tags,
  ...requires('catalog:write'),
  request: {
    params: ProductIdParams,
    body: { required: true, ...jsonContent(VariantInput, documenting && examples.createVariant) },
  },
  responses: documenting && {
    201: { description: 'The variant', ...jsonContent(adminVariantView.schema, examples.adminVariant) },
    ...adminProblems,
    ...conflict,
  },
});

const upsertVariantRoute = createRoute({
  method: 'put',
  path: `${base}/variants`,
  operationId: documenting && 'adminUpsertVariant',
  tags,
  ...requires('catalog:write'),
  request: {
    params: ProductIdParams,
    body: { required: true, ...jsonContent(VariantInput, documenting && examples.createVariant) },
  },
  responses: documenting && {
    200: { description: 'Updated', ...jsonContent(adminVariantView.schema, examples.adminVariant) },
    201: { description: 'Created', ...jsonContent(adminVariantView.schema, examples.adminVariant) },
    ...adminProblems,
    ...conflict,
  },
});

const updateVariantRoute = createRoute({
  method: 'patch',
  path: `${base}/variants/{variantId}`,
  operationId: documenting && 'adminUpdateVariant',
  tags,
  ...requires('catalog:write'),
  request: {
    params: VariantIdParams,
    body: { required: true, ...jsonContent(VariantChanges, documenting && examples.variantChanges) },
  },
  responses: documenting && {
    200: { description: 'The variant', ...jsonContent(adminVariantView.schema, examples.changedVariant) },
    ...adminProblems,
    ...conflict,
  },
});

const deleteVariantRoute = createRoute({
  method: 'delete',
  path: `${base}/variants/{variantId}`,
  operationId: documenting && 'adminDeleteVariant',
  tags,
  ...requires('catalog:write'),
  request: { params: VariantIdParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems, ...conflict },
});

const priceParams = VariantIdParams;

const addVariantPriceRoute = createRoute({
  method: 'post',
  path: `${base}/variants/{variantId}/prices`,
  operationId: documenting && 'adminCreateVariantPrice',
  tags,
  ...requires('catalog:write'),
  request: {
    params: priceParams,
    body: { required: true, ...jsonContent(NewPriceBody, documenting && examples.newPrice) },
  },
  responses: documenting && {
    201: { description: 'The price', ...jsonContent(priceView.schema, examples.variantPrice) },
    ...adminProblems,
  },
});

const listVariantPricesRoute = createRoute({
  method: 'get',
  path: `${base}/variants/{variantId}/prices`,
  operationId: documenting && 'adminListVariantPrices',
  tags,
  ...requires('catalog:read'),
  request: { params: priceParams, query: PageQuery },
  responses: documenting && {
    200: { description: 'A page of prices', ...jsonContent(PricePage, examples.variantPricePage) },
    ...adminProblems,
  },
});

const addProductPriceRoute = createRoute({
  method: 'post',
  path: `${base}/prices`,
  operationId: documenting && 'adminCreateProductPrice',
  tags,
  ...requires('catalog:write'),
  request: {
    params: ProductIdParams,
    body: { required: true, ...jsonContent(NewPriceBody, documenting && examples.newPrice) },
  },
  responses: documenting && {
    201: { description: 'The price', ...jsonContent(priceView.schema, examples.productPrice) },
    ...adminProblems,
  },
});

const listProductPricesRoute = createRoute({
  method: 'get',
  path: `${base}/prices`,
  operationId: documenting && 'adminListProductPrices',
  tags,
  ...requires('catalog:read'),
  request: { params: ProductIdParams, query: PageQuery },
  responses: documenting && {
    200: { description: 'A page of prices', ...jsonContent(PricePage, examples.productPricePage) },
    ...adminProblems,
  },
});

const withdrawPriceRoute = createRoute({
  method: 'delete',
  path: `${base}/prices/{priceId}`,
  operationId: documenting && 'adminWithdrawPrice',
  tags,
  ...requires('catalog:write'),
  request: { params: PriceIdParams },
  responses: documenting && {
    204: { description: 'Withdrawn' },
    ...adminProblems,
    ...problemResponses({ 409: 'The price has taken effect' }),
  },
});

function newPrice(body: {
  amount: number;
  compareAtAmount?: number | null;
  validFrom?: string;
  validTo?: string | null;
}): NewPrice {
  return {
    amount: body.amount,
    compareAtAmount: body.compareAtAmount,
    validFrom: body.validFrom ? new Date(body.validFrom) : undefined,
    validTo: body.validTo ? new Date(body.validTo) : null,
  };
}

/** Variants of a product, and the versioned prices of variants and products. */
export const variantRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(createVariantRoute, async (c) => {
    const { productId } = c.req.valid('param');
    const variant = await createVariant(c.var.db, auditContext(c), productId, c.req.valid('json'));
    await purgeProduct(c, productId);
    return jsonText(c, variant, 201);
  })
  .openapi(upsertVariantRoute, async (c) => {
    const { productId } = c.req.valid('param');
    const { json, created } = await upsertVariant(c.var.db, auditContext(c), productId, c.req.valid('json'));
    await purgeProduct(c, productId);
    return created ? jsonText(c, json, 201) : jsonText(c, json, 200);
  })
  .openapi(updateVariantRoute, async (c) => {
    const { productId, variantId } = c.req.valid('param');
    const variant = await updateVariant(c.var.db, auditContext(c), productId, variantId, c.req.valid('json'));
    await purgeProduct(c, productId);
    return jsonText(c, variant);
  })
  .openapi(deleteVariantRoute, async (c) => {
    const { productId, variantId } = c.req.valid('param');
    await deleteVariant(c.var.db, auditContext(c), productId, variantId);
    await purgeProduct(c, productId);
    return c.body(null, 204);
  })
  .openapi(addVariantPriceRoute, async (c) => {
    const { productId, variantId } = c.req.valid('param');
    const price = await addPrice(c.var.db, auditContext(c), { productId, variantId }, newPrice(c.req.valid('json')));
    await purgeProduct(c, productId);
    return jsonText(c, price, 201);
  })
  .openapi(listVariantPricesRoute, async (c) => {
    const { productId, variantId } = c.req.valid('param');
    return jsonText(
      c,
      await listPrices(c.var.db, c.var.store.id, { productId, variantId }, pageRequest(c.req.valid('query'))),
    );
  })
  .openapi(addProductPriceRoute, async (c) => {
    const { productId } = c.req.valid('param');
    const price = await addPrice(c.var.db, auditContext(c), { productId }, newPrice(c.req.valid('json')));
    await purgeProduct(c, productId);
    return jsonText(c, price, 201);
  })
  .openapi(listProductPricesRoute, async (c) => {
    const { productId } = c.req.valid('param');
    return jsonText(c, await listPrices(c.var.db, c.var.store.id, { productId }, pageRequest(c.req.valid('query'))));
  })
  .openapi(withdrawPriceRoute, async (c) => {
    const { productId, priceId } = c.req.valid('param');
    await withdrawPrice(c.var.db, auditContext(c), productId, priceId);
    await purgeProduct(c, productId);
    return c.body(null, 204);
  });
