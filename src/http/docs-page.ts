import { problemTypes } from '../lib/api-error';

/** The parts of an OpenAPI 3.1 document the reference page shows. */
interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: object;
  components?: { schemas?: Record<string, unknown> };
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: Record<string, string[]>[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A schema shown by reference when it is a named component, otherwise as JSON. */
function schemaHtml(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref) {
    const name = ref.split('/').pop()!;
    return `<a href="#schema-${escapeHtml(name)}"><code>${escapeHtml(name)}</code></a>`;
  }
  return schema === undefined ? '' : `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

/** Which credentials an operation takes, and the permission each must grant; nothing for a public route. */
function securityHtml(security: Operation['security']): string {
  if (!security?.length) return '';
  const options = security.flatMap((requirement) =>
    Object.entries(requirement).map(([scheme, permissions]) => {
      const grants = permissions.length ? ` granting <code>${escapeHtml(permissions.join(', '))}</code>` : '';
      return `<code>${escapeHtml(scheme)}</code>${grants}`;
    }),
  );
  return `<p>Credentials: ${options.join(' or ')}</p>`;
}

function operationHtml(path: string, method: string, operation: Operation): string {
  const parameters = (operation.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}</td><td>${schemaHtml(p.schema)}</td></tr>`,
    )
    .join('');
  const body = Object.entries(operation.requestBody?.content ?? {})
    .map(([type, media]) => `<p>Body <code>${escapeHtml(type)}</code></p>${schemaHtml(media.schema)}`)
    .join('');
  const responses = Object.entries(operation.responses ?? {})
    .map(([status, response]) => {
      const schemas = Object.entries(response.content ?? {}).map(
        ([type, media]) => `<code>${escapeHtml(type)}</code> ${schemaHtml(media.schema)}`,
      );
      return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(response.description ?? '')}</td><td>${schemas.join('<br>')}</td></tr>`;
    })
    .join('');
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  return `<section class="operation" id="${id}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
${operation.summary ? `<p><strong>${escapeHtml(operation.summary)}</strong></p>` : ''}
${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ''}
${securityHtml(operation.security)}
${parameters ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Description</th><th>Schema</th></tr>${parameters}</table>` : ''}
${body}
<table><tr><th>Status</th><th>Description</th><th>Body</th></tr>${responses}</table>
</section>`;
}

/**
 * Renders the API reference as one self-contained HTML page from the OpenAPI
 * document: no script and nothing fetched from a CDN, so it works offline,
 * under `wrangler dev`, and behind a strict Content-Security-Policy.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(
    (document.paths ?? {}) as Record<string, Partial<Record<string, Operation>>>,
  )) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(path, method, operation)]);
    }
  }
  const groups = [...byTag]
    .map(([tag, operations]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${operations.join('\n')}`)
    .join('\n');
  const toc = [...byTag.keys()]
    .map((tag) => `<li><a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a></li>`)
    .join('');
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3><code>${escapeHtml(name)}</code></h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
    )
    .join('\n');
  const problems = problemTypes()
    .map(
      ({ code, status, title }) =>
        `<tr id="problem-${code}"><td><code>${code}</code></td><td>${status}</td><td>${escapeHtml(title)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} reference</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #1d2330; }
h1 { margin-bottom: 0; } h2 { border-bottom: 2px solid #e3e6ee; padding-top: 1rem; }
.operation { border: 1px solid #e3e6ee; border-radius: 8px; padding: 0 1rem 1rem; margin: 1rem 0; }
.method { display: inline-block; min-width: 4.5rem; text-align: center; border-radius: 4px; color: #fff; font-size: 0.8rem; padding: 2px 6px; }
.get { background: #1f7a4d; } .post { background: #2357c6; } .put, .patch { background: #9a5b00; } .delete { background: #b3261e; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; } th, td { border: 1px solid #e3e6ee; padding: 4px 8px; text-align: left; vertical-align: top; }
pre { background: #f5f6fa; padding: 0.5rem; overflow-x: auto; font-size: 0.85rem; margin: 0; }
nav ul { columns: 3; }
</style>
</head>
<body>
<header><h1>${escapeHtml(document.info.title)}</h1><p>Version ${escapeHtml(document.info.version)} · <a href="/openapi.json">openapi.json</a></p>
${document.info.description ? `<p>${escapeHtml(document.info.description)}</p>` : ''}</header>
<nav><ul>${toc}<li><a href="#problems">Problem types</a></li><li><a href="#schemas">Schemas</a></li></ul></nav>
<main>
${groups}
<h2 id="problems">Problem types</h2>
<p>Every error is <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code>; <code>instance</code> carries the request id, also sent as <code>X-Request-Id</code>.</p>
<table><tr><th>Code</th><th>Status</th><th>Title</th></tr>${problems}</table>
<h2 id="schemas">Schemas</h2>
${schemas}
</main>
</body>
</html>`;
}
