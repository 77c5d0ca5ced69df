/** Every route lives under this prefix (`/api/v1/...`); the operation-history screen map resolves paths with it. */
export const API_PREFIX = 'api/v1';
