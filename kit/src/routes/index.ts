// `@sv-sdk/kit/routes`: the routes plugins contribute to the host app, as data, and the writer that puts them into
// the app's routes folder (used by the Vite plugin and by `sv-sdk sync`).
export * from './types.ts';
export {
  findRouteConflicts,
  readMarker,
  RouteConflictError,
  syncRouteFiles,
  withMarker,
  type RouteConflict,
  type RouteMarker,
  type SyncAction,
  type SyncEntry,
  type SyncOptions,
  type SyncReport,
} from './sync.ts';
export {
  CORE_ROUTES,
  routeFilesFor,
  type RouteFilesOptions,
  type RouteGroupOption,
  type RouteSource,
} from './files.ts';
