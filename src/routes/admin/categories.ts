import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeCatalog, purgeStoreCatalog } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { CategoryParams, CreateCategoryBody, UpdateCategoryBody } from '../../schemas/admin-taxonomy';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { StoreParams } from '../../schemas/stores';
import { catalogTags } from '../../services/catalog/catalog-read';
import {
  categoryListView,
  categoryView,
  createCategory,
  deleteCategory,
  listCategories,
  updateCategory,
} from '../../services/catalog/categories';

const tags = documenting && ['Catalog: categories'];
const base = '/v1/admin/stores/{store}/categories';
const conflict = documenting && problemResponses({ 409: 'Another category has this slug' });

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListCategories',
  tags,
  ...requires('catalog:read'),
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The categories', ...jsonContent(categoryListView.schema, examples.categoryList) },
    ...adminProblems,
  },
});

const createCategoryRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateCategory',
  tags,
  ...requires('catalog:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateCategoryBody, documenting && examples.createCategory) },
  },
  responses: documenting && {
    201: { description: 'The category', ...jsonContent(categoryView.schema, examples.createdCategory) },
    ...adminProblems,
    ...conflict,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{categoryId}`,
  operationId: documenting && 'adminUpdateCategory',
  tags,
  ...requires('catalog:write'),
  request: {
    params: CategoryParams,
    body: { required: true, ...jsonContent(UpdateCategoryBody, documenting && examples.updateCategory) },
  },
  responses: documenting && {
    200: { description: 'The category', ...jsonContent(categoryView.schema, examples.updatedCategory) },
    ...adminProblems,
    ...conflict,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${base}/{categoryId}`,
  operationId: documenting && 'adminDeleteCategory',
  tags,
  ...requires('catalog:write'),
  request: { params: CategoryParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems },
});

/** A store's category tree. */
export const categoryRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => jsonText(c, await listCategories(c.var.db, c.var.store.id)))
  .openapi(createCategoryRoute, async (c) => {
    const category = await createCategory(c.var.db, auditContext(c), c.req.valid('json'));
    await purgeCatalog(c, c.var.store, [catalogTags.categories(c.var.store.id)]);
    return jsonText(c, category, 201);
  })
  .openapi(updateRoute, async (c) => {
    const category = await updateCategory(
      c.var.db,
      auditContext(c),
      c.req.valid('param').categoryId,
      c.req.valid('json'),
    );
    await purgeStoreCatalog(c);
    return jsonText(c, category);
  })
  .openapi(deleteRoute, async (c) => {
    await deleteCategory(c.var.db, auditContext(c), c.req.valid('param').categoryId);
    await purgeStoreCatalog(c);
    return c.body(null, 204);
  });
