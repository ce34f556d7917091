import type { INestApplication } from '@nestjs/common';

/** One HTTP route as the running Express router has it registered. */
export interface RegisteredRoute {
  method: string;
  path: string;
}

interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/**
 * Every route the running app answers, read from its Express router (not from a hand-kept list), so
 * routes added by later features show up here on their own.
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  const routes: RegisteredRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? (layer.route.path as unknown[]) : [layer.route.path];
    for (const path of paths) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: String(path) });
      }
    }
  }
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = routeKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function routeKey(r: RegisteredRoute): string {
  return `${r.method} ${r.path}`;
}

/** The `:name` parameters of a route path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/** Whether the path uses Express syntax beyond plain `:name` parameters (wildcards, optional groups). */
export function hasUnsupportedSyntax(path: string): boolean {
  return /[*{}()?+]/.test(path);
}

/**
 * The kind of resource a path parameter names: `channelId` → `channel`; a bare `id` takes the
 * resource from the segment before it (`/conversations/:id` → `conversation`).
 */
export function resourceOfParam(path: string, param: string): string | undefined {
  const named = /^(\w+?)Id$/.exec(param);
  if (named) return named[1];
  if (param !== 'id') return undefined;
  const segments = path.split('/');
  const at = segments.indexOf(`:${param}`);
  const before = at > 0 ? segments[at - 1] : undefined;
  if (!before || before.startsWith(':')) return undefined;
  return singular(before.replace(/-/g, '_'));
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The path with every parameter replaced by the id `idFor` gives for it. */
export function fillPath(path: string, idFor: (param: string) => string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(idFor(name)));
}

/** How the isolation test exercises one route. */
export type RoutePlan =
  | { kind: 'public'; route: RegisteredRoute }
  | { kind: 'by-id'; route: RegisteredRoute; params: { name: string; resource: string }[] }
  | { kind: 'collection-read'; route: RegisteredRoute }
  | { kind: 'collection-write'; route: RegisteredRoute };

export interface RouteTables {
  /** `METHOD path` of routes callable without a token. */
  publicRoutes: Record<string, string>;
  /** Generated public routes (the OpenAPI UI's assets) matched by `METHOD path`. */
  publicPattern: RegExp;
  /** `METHOD path` of writes without ids in their path, which need an explicit call. */
  collectionRoutes: Record<string, unknown>;
  /** Resource kinds the fixtures create in both workspaces. */
  resources: string[];
  /** Parameter names that call a resource by another name (`assigneeId` names a `user`). */
  aliases: Record<string, string>;
}

/** Express `/a/:id` as OpenAPI writes it: `/a/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/**
 * Sorts every route into a plan, or a problem that says why it could not be (a route the test does
 * not know how to exercise fails the test rather than going unchecked).
 */
export function classifyRoutes(routes: RegisteredRoute[], t: RouteTables): { plans: RoutePlan[]; problems: string[] } {
  const plans: RoutePlan[] = [];
  const problems: string[] = [];
  for (const route of routes) {
    const key = routeKey(route);
    if (t.publicRoutes[key] !== undefined || t.publicPattern.test(key)) {
      plans.push({ kind: 'public', route });
      continue;
    }
    if (hasUnsupportedSyntax(route.path)) {
      problems.push(`${key}: path syntax the test cannot fill in; list it explicitly`);
      continue;
    }
    const names = pathParams(route.path);
    if (names.length === 0) {
      if (t.collectionRoutes[key] !== undefined) plans.push({ kind: 'collection-write', route });
      else if (route.method === 'GET') plans.push({ kind: 'collection-read', route });
      else problems.push(`${key}: a write without an id in its path; add it to COLLECTION_ROUTES`);
      continue;
    }
    const params = names.map((name) => {
      const resource = resourceOfParam(route.path, name) ?? '';
      return { name, resource: t.aliases[resource] ?? resource };
    });
    const unmapped = params.filter((p) => !t.resources.includes(p.resource));
    if (unmapped.length > 0) {
      const what = unmapped.map((p) => `:${p.name}${p.resource ? ` (a ${p.resource})` : ''}`).join(', ');
      problems.push(
        `${key}: path parameter(s) ${what} name no resource the fixtures create (known: ${t.resources.join(', ')})`,
      );
      continue;
    }
    plans.push({ kind: 'by-id', route, params });
  }
  const keys = new Set(routes.map(routeKey));
  for (const k of [...Object.keys(t.publicRoutes), ...Object.keys(t.collectionRoutes)]) {
    if (!keys.has(k)) problems.push(`${k}: listed in the test but no longer registered; remove it`);
  }
  if (!routes.some((r) => t.publicPattern.test(routeKey(r)))) {
    problems.push(`${String(t.publicPattern)}: matches no registered route; update it`);
  }
  return { plans, problems };
}
