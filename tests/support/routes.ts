import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route of the app as Express holds it, nested routers included: a walk over them then
 * covers routes added later without anyone remembering to list them.
 */
export function routesOf(app: Express): RouteInfo[] {
  const walk = (stack: Layer[]): RouteInfo[] => stack.flatMap((layer) => {
    if (layer.route) {
      // Regular-expression routes (the kept-page path) take only what their pattern admits.
      const paths = (Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]).filter((path) => typeof path === 'string');
      return paths.flatMap((path) => Object.keys(layer.route!.methods).map((method) => ({ method: method.toUpperCase(), path })));
    }
    return layer.handle?.stack ? walk(layer.handle.stack) : [];
  });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
}
