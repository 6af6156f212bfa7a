import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeProduct } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import {
  AddImageBody,
  ImageIdParams,
  ProductIdParams,
  ReorderImagesBody,
  UpdateImageBody,
} from '../../schemas/admin-catalog';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent } from '../../schemas/common';
import { addImage, deleteImage, productImagesView, reorderImages, updateImage } from '../../services/catalog/images';

const tags = documenting && ['Catalog: images'];
const base = '/v1/admin/stores/{store}/products/{productId}/images';
const answersImages = (example: z.input<typeof productImagesView.schema>) => ({
  description: documenting && 'The product’s images, in order',
  ...jsonContent(productImagesView.schema, example),
});

const addRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminAddImage',
  tags,
  ...requires('catalog:write'),
  request: {
    params: ProductIdParams,
    body: { required: true, ...jsonContent(AddImageBody, documenting && examples.addImage) },
  },
  responses: documenting && { 201: answersImages(examples.productImagesAdded), ...adminProblems },
});

const reorderRoute = createRoute({
  method: 'put',
  path: `${base}/order`,
  operationId: documenting && 'adminReorderImages',
  tags,
  ...requires('catalog:write'),
  request: {
    params: ProductIdParams,
    body: { required: true, ...jsonContent(ReorderImagesBody, documenting && examples.reorderImages) },
  },
  responses: documenting && { 200: answersImages(examples.productImagesReordered), ...adminProblems },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${base}/{imageId}`,
  operationId: documenting && 'adminUpdateImage',
  tags,
  ...requires('catalog:write'),
  request: {
    params: ImageIdParams,
    body: { required: true, ...jsonContent(UpdateImageBody, documenting && examples.updateImage) },
  },
  responses: documenting && { 200: answersImages(examples.productImagesUpdated), ...adminProblems },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${base}/{imageId}`,
  operationId: documenting && 'adminDeleteImage',
  tags,
  ...requires('catalog:write'),
  request: { params: ImageIdParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems },
});

/** A product's ordered images. */
export const imageRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(addRoute, async (c) => {
    const { productId } = c.req.valid('param');
    const images = await addImage(c.var.db, auditContext(c), productId, c.req.valid('json'));
    await purgeProduct(c, productId);
    return jsonText(c, images, 201);
  })
  .openapi(reorderRoute, async (c) => {
    const { productId } = c.req.valid('param');
    const images = await reorderImages(c.var.db, auditContext(c), productId, c.req.valid('json').imageIds);
    await purgeProduct(c, productId);
    return jsonText(c, images);
  })
  .openapi(updateRoute, async (c) => {
    const { productId, imageId } = c.req.valid('param');
    const images = await updateImage(c.var.db, auditContext(c), productId, imageId, c.req.valid('json').alt);
    await purgeProduct(c, productId);
    return jsonText(c, images);
  })
  .openapi(deleteRoute, async (c) => {
    const { productId, imageId } = c.req.valid('param');
    await deleteImage(c.var.db, auditContext(c), productId, imageId);
    await purgeProduct(c, productId);
    return c.body(null, 204);
  });
