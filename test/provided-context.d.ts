/** What the worker project's global setups provide to its test files (`inject` from vitest). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The app's OpenAPI document as JSON text, built once per run by test/setup/openapi-document.ts. */
    openApiDocument: string;
  }
}

export {};
