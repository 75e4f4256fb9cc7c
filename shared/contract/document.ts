// The OpenAPI 3.1 document, made from the route declarations (index.ts) with zod's own JSON
// Schema writer, the one that also reads the `.meta()` the declarations give parameters.
import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { COMMON_ERRORS, commonErrorResponse } from './declare.ts';
import { ROUTES } from './index.ts';

type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema for the document. Pairs of one type (`[min, max]`) are written
 * as arrays of two items rather than with `prefixItems`, which some OpenAPI tools (Schemathesis
 * among them) cannot read yet.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema: js }) => {
      const items = js.prefixItems as unknown[] | undefined;
      if (!items || items.length === 0) return;
      const first = JSON.stringify(items[0]);
      if (!items.every((item) => JSON.stringify(item) === first)) return;
      delete js.prefixItems;
      js.items = items[0] as typeof js.items;
    },
  }) as JsonSchema;
}

type ZodObjectLike = { shape: Record<string, z.ZodType> };

/** The values a path parameter can take when only the running service knows them. */
export type KnownValues = (path: string, param: string) => readonly string[] | undefined;

function parameters(route: RouteConfig, known: KnownValues): JsonSchema[] {
  const list: JsonSchema[] = [];
  const params = route.request?.params as ZodObjectLike | undefined;
  for (const [, name = ''] of route.path.matchAll(/\{(\w+)\}/g)) {
    const field = params?.shape[name];
    const { $schema: _, ...schema } = field ? jsonSchema(field, 'input') : { type: 'string' };
    const values = known(route.path, name);
    list.push({
      name,
      in: 'path',
      required: true,
      schema: values ? { ...schema, enum: values } : schema,
    });
  }
  const query = route.request?.query as ZodObjectLike | undefined;
  for (const [name, field] of Object.entries(query?.shape ?? {})) {
    const { $schema: _, description, allowEmptyValue, ...schema } = jsonSchema(field, 'input');
    list.push({
      name,
      in: 'query',
      required: false,
      description,
      schema,
      // A form may send `since=` empty: that is the same as not sending it.
      ...(allowEmptyValue ? { allowEmptyValue } : {}),
    });
  }
  return list;
}

function content(media: Record<string, { schema?: unknown }>, io: 'input' | 'output') {
  return Object.fromEntries(
    Object.entries(media).map(([type, { schema }]) => [
      type,
      schema ? { schema: jsonSchema(schema as z.ZodType, io) } : {},
    ]),
  );
}

function operation(route: RouteConfig, known: KnownValues): JsonSchema {
  const declared = route.responses as Record<
    string,
    { description: string; content?: Record<string, { schema?: unknown }> }
  >;
  const all = {
    ...Object.fromEntries(COMMON_ERRORS.map((s) => [s, commonErrorResponse(s)])),
    ...declared,
  };
  const responses = Object.fromEntries(
    Object.entries(all).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(r.content ? { content: content(r.content, 'output') } : {}),
      },
    ]),
  );
  const list = parameters(route, known);
  const body = route.request?.body;
  return {
    summary: route.summary,
    ...(list.length > 0 ? { parameters: list } : {}),
    ...(body
      ? {
          requestBody: {
            required: body.required ?? false,
            description: body.description,
            content: content(body.content as Record<string, { schema?: unknown }>, 'input'),
          },
        }
      : {}),
    responses,
  };
}

/**
 * The document of every declared route. `known` names the values of path parameters that
 * exist (the course's exercise ids), so no client is promised that any string is one.
 */
export function openApiDocument(
  version: string,
  known: KnownValues = () => undefined,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operation(route, known);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Spark Experiments generator API',
      version,
      description:
        'Local control API of the synthetic fleet data generator. Listens on 127.0.0.1; a foreign Host or Origin is refused; POST bodies are JSON of at most 64 KiB. ' +
        'Pages on the exact origins given with `serve --allow-origin` get CORS headers, and their OPTIONS preflights get 204 on every path.',
    },
    paths,
  };
}
