import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { purgeStoreCatalog } from '../../http/catalog-cache';
import { jsonText } from '../../http/json-text';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import {
  CreateOptionTypeBody,
  OptionTypeParams,
  OptionValueBody,
  OptionValueParams,
  UpdateOptionTypeBody,
  UpdateOptionValueBody,
  type OptionTypeSchema,
} from '../../schemas/admin-taxonomy';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { StoreParams } from '../../schemas/stores';
import {
  addOptionValue,
  createOptionType,
  deleteOptionType,
  deleteOptionValue,
  listOptionTypes,
  optionTypeListView,
  optionTypeView,
  updateOptionType,
  updateOptionValue,
} from '../../services/catalog/options';

const tags = documenting && ['Catalog: options'];
const base = '/v1/admin/stores/{store}/option-types';
const answersOption = (example: z.output<typeof OptionTypeSchema>) => ({
  description: documenting && 'The option with its values',
  ...jsonContent(optionTypeView.schema, example),
});
const conflict = documenting && problemResponses({ 409: 'The name or value is taken, or variants use the value' });

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListOptionTypes',
  tags,
  ...requires('catalog:read'),
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The options', ...jsonContent(optionTypeListView.schema, examples.optionTypeList) },
    ...adminProblems,
  },
});

const createOptionRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateOptionType',
  tags,
  ...requires('catalog:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateOptionTypeBody, documenting && examples.createOptionType) },
  },
  responses: documenting && { 201: answersOption(examples.createdOptionType), ...adminProblems, ...conflict },
});

const updateOptionRoute = createRoute({
  method: 'patch',
  path: `${base}/{optionTypeId}`,
  operationId: documenting && 'adminUpdateOptionType',
  tags,
  ...requires('catalog:write'),
  request: {
    params: OptionTypeParams,
    body: { required: true, ...jsonContent(UpdateOptionTypeBody, documenting && examples.updateOptionType) },
  },
  responses: documenting && { 200: answersOption(examples.optionTypeMoved), ...adminProblems, ...conflict },
});

const deleteOptionRoute = createRoute({
  method: 'delete',
  path: `${base}/{optionTypeId}`,
  operationId: documenting && 'adminDeleteOptionType',
  tags,
  ...requires('catalog:write'),
  request: { params: OptionTypeParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems, ...conflict },
});

const addValueRoute = createRoute({
  method: 'post',
  path: `${base}/{optionTypeId}/values`,
  operationId: documenting && 'adminCreateOptionValue',
  tags,
  ...requires('catalog:write'),
  request: {
    params: OptionTypeParams,
    body: { required: true, ...jsonContent(OptionValueBody, documenting && examples.optionValue) },
  },
  responses: documenting && { 201: answersOption(examples.optionTypeValueAdded), ...adminProblems, ...conflict },
});

const updateValueRoute = createRoute({
  method: 'patch',
  path: `${base}/{optionTypeId}/values/{valueId}`,
  operationId: documenting && 'adminUpdateOptionValue',
  tags,
  ...requires('catalog:write'),
  request: {
    params: OptionValueParams,
    body: { required: true, ...jsonContent(UpdateOptionValueBody, documenting && examples.updateOptionValue) },
  },
  responses: documenting && { 200: answersOption(examples.optionTypeValueChanged), ...adminProblems, ...conflict },
});

const deleteValueRoute = createRoute({
  method: 'delete',
  path: `${base}/{optionTypeId}/values/{valueId}`,
  operationId: documenting && 'adminDeleteOptionValue',
  tags,
  ...requires('catalog:write'),
  request: { params: OptionValueParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems, ...conflict },
});

/** A store's options and their values. */
export const optionRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => jsonText(c, await listOptionTypes(c.var.db, c.var.store.id)))
  .openapi(createOptionRoute, async (c) => {
    const option = await createOptionType(c.var.db, auditContext(c), c.req.valid('json'));
    return jsonText(c, option, 201);
  })
  .openapi(updateOptionRoute, async (c) => {
    const option = await updateOptionType(
      c.var.db,
      auditContext(c),
      c.req.valid('param').optionTypeId,
      c.req.valid('json'),
    );
    await purgeStoreCatalog(c);
    return jsonText(c, option);
  })
  .openapi(deleteOptionRoute, async (c) => {
    await deleteOptionType(c.var.db, auditContext(c), c.req.valid('param').optionTypeId);
    await purgeStoreCatalog(c);
    return c.body(null, 204);
  })
  .openapi(addValueRoute, async (c) => {
    const option = await addOptionValue(
      c.var.db,
      auditContext(c),
      c.req.valid('param').optionTypeId,
      c.req.valid('json'),
    );
    return jsonText(c, option, 201);
  })
  .openapi(updateValueRoute, async (c) => {
    const { optionTypeId, valueId } = c.req.valid('param');
    const option = await updateOptionValue(c.var.db, auditContext(c), optionTypeId, valueId, c.req.valid('json'));
    await purgeStoreCatalog(c);
    return jsonText(c, option);
  })
  .openapi(deleteValueRoute, async (c) => {
    const { optionTypeId, valueId } = c.req.valid('param');
    await deleteOptionValue(c.var.db, auditContext(c), optionTypeId, valueId);
    await purgeStoreCatalog(c);
    return c.body(null, 204);
  });
