// Which requests go to the admin API (src/protocol/admin-route.ts, loaded on the first one).

export const ADMIN_PATH = '/admin';

/**
 * `/admin` and everything under it, whatever the query string: requests the DynamoDB protocol must
 * not answer.
 */
export function isAdminPath(url: string): boolean {
  if (!url.startsWith(ADMIN_PATH)) return false;
  const path = url.split('?')[0]!;
  return path === ADMIN_PATH || path.startsWith(`${ADMIN_PATH}/`);
}
