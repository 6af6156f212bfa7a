/** The API's name, version and summary: the OpenAPI document's `info`, and what `GET /` answers. */
export const API_INFO = {
  title: 'Edge Commerce API',
  version: '0.1.0',
  description: 'A headless commerce backend at the edge: storefront, admin and payment webhook APIs for many stores.',
} as const;
