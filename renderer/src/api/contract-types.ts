// What the client may send to a route and gets back, read from the route declarations in
// shared/contract: types only, so no zod schema reaches the bundle.
import type { z } from 'zod';
import type { routes } from '../../../shared/contract/index.ts';

type Declared = (typeof routes)[keyof typeof routes];
export type Method = Declared['method'];
export type PathOf<M extends Method> = Extract<Declared, { method: M }>['path'];
export type RouteAt<M extends Method, P extends string> = Extract<Declared, { method: M; path: P }>;

type JsonSchemaOf<T> = T extends { content: { 'application/json': { schema: infer S } } }
  ? S extends z.ZodType
    ? S
    : never
  : never;

/** The body of a 2xx answer. */
export type Answer<R> = R extends { responses: infer Rs }
  ? {
      [S in keyof Rs]: S extends 200 | 201 | 202 ? z.output<JsonSchemaOf<Rs[S]>> : never;
    }[keyof Rs]
  : never;

type Request<R> = R extends { request: infer Q } ? Q : Record<string, never>;

/** The path parameters, query and JSON body a route takes (each absent when it takes none). */
export type Input<R> = (Request<R> extends { params: infer P extends z.ZodType }
  ? { params: z.input<P> }
  : { params?: never }) &
  (Request<R> extends { query: infer Q extends z.ZodType }
    ? { query?: z.input<Q> }
    : { query?: never }) &
  (Request<R> extends { body: infer B } ? { json: z.input<JsonSchemaOf<B>> } : { json?: never });
