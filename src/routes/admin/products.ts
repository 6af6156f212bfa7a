import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeCatalog, purgeProduct, purgeStoreCatalog } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import {
  AdminProductListQuery,
  BulkProductsBody,
  CreateProductBody,
  ProductIdParams,
  UpdateProductBody,
} from '../../schemas/admin-catalog';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { pageSchema } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import { adminProductSummaryView, adminProductView } from '../../services/catalog/admin-product-views';
import {
  createProduct,
  deleteProduct,
  getAdminProduct,
  listAdminProducts,
  updateProduct,
} from '../../services/catalog/admin-products';
import { bulkResultView, bulkUpsertProducts } from '../../services/catalog/bulk';
import { catalogTags } from '../../services/catalog/catalog-read';

const tags = documenting && ['Catalog: products'];
const conflict =
  documenting &&
  problemResponses({
    409: 'A slug or SKU is taken, a variant repeats an option combination, or the product has order history',
  });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/products',
  operationId: documenting && 'adminListProducts',
  tags,
  ...requires('catalog:read'),
  request: { params: StoreParams, query: AdminProductListQuery },
  responses: documenting && {
    200: {
      description: 'A page of products',
      ...jsonContent(pageSchema(adminProductSummaryView.schema, 'AdminProductPage'), examples.adminProductPage),
    },
    ...adminProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/products/{productId}',
  operationId: documenting && 'adminGetProduct',
  tags,
  ...requires('catalog:read'),
  request: { params: ProductIdParams },
  responses: documenting && {
    200: { description: 'The product', ...jsonContent(adminProductView.schema, examples.adminProduct) },
    ...adminProblems,
  },
});

const createProductRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stores/{store}/products',
  operationId: documenting && 'adminCreateProduct',
  tags,
  ...requires('catalog:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateProductBody, documenting && examples.createProduct) },
  },
  responses: documenting && {
    201: { description: 'The product', ...jsonContent(adminProductView.schema, examples.adminProduct) },
    ...adminProblems,
    ...conflict,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/v1/admin/stores/{store}/products/{productId}',
  operationId: documenting && 'adminUpdateProduct',
  tags,
  ...requires('catalog:write'),
  request: {
    params: ProductIdParams,
    body: { required: true, ...jsonContent(UpdateProductBody, documenting && examples.updateProduct) },
  },
  responses: documenting && {
    200: { description: 'The product', ...jsonContent(adminProductView.schema, examples.updatedProduct) },
    ...adminProblems,
    ...conflict,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/v1/admin/stores/{store}/products/{productId}',
  operationId: documenting && 'adminDeleteProduct',
  tags,
  ...requires('catalog:write'),
  request: { params: ProductIdParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems, ...conflict },
});

const bulkRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stores/{store}/products/bulk',
  operationId: documenting && 'adminBulkUpsertProducts',
  tags,
  ...requires('catalog:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(BulkProductsBody, documenting && examples.bulkProducts) },
  },
  responses: documenting && {
    200: {
      description: 'Each product and whether it is new',
      ...jsonContent(bulkResultView.schema, examples.bulkResult),
    },
    ...adminProblems,
    ...conflict,
  },
});

/** Products, as staff manage them. */
export const productRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { status, q, ...page } = c.req.valid('query');
    return jsonText(c, await listAdminProducts(c.var.db, c.var.store.id, { status, q }, pageRequest(page)));
  })
  .openapi(getRoute, async (c) =>
    jsonText(c, await getAdminProduct(c.var.db, c.var.store.id, c.req.valid('param').productId)),
  )
  .openapi(createProductRoute, async (c) => {
    const product = await createProduct(c.var.db, auditContext(c), c.req.valid('json'));
    await purgeCatalog(c, c.var.store, [catalogTags.productLists(c.var.store.id)]);
    return jsonText(c, product, 201);
  })
  .openapi(bulkRoute, async (c) => {
    const result = await bulkUpsertProducts(c.var.db, auditContext(c), c.req.valid('json').products);
    await purgeStoreCatalog(c);
    return jsonText(c, result);
  })
  .openapi(updateRoute, async (c) => {
    const { productId } = c.req.valid('param');
    const product = await updateProduct(c.var.db, auditContext(c), productId, c.req.valid('json'));
    await purgeProduct(c, productId);
    return jsonText(c, product);
  })
  .openapi(deleteRoute, async (c) => {
    const { productId } = c.req.valid('param');
    await deleteProduct(c.var.db, auditContext(c), productId);
    await purgeProduct(c, productId);
    return c.body(null, 204);
  });
