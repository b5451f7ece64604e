import type { AuditService } from '../audit/types.ts';
import type { AuthService } from '../auth/types.ts';
import type { Cache } from '../cache/types.ts';
import type { Database } from '../db/types.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { PermissionsService } from '../permissions/types.ts';
import type { SecurityService } from '../security/types.ts';

/**
 * The services plugins provide to each other, by name. Each domain adds its public service interface here in the
 * issue that builds it (types only: domains never import each other's implementation).
 */
export interface Services {
  db: Database;
  cache: Cache;
  jobs: JobQueue;
  security: SecurityService;
  auth: AuthService;
  permissions: PermissionsService;
  audit: AuditService;
}
