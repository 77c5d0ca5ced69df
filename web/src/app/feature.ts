import type { RouteObject } from 'react-router';
import type { Principal } from './auth';

/**
 * What a feature folder contributes to the console. Every `features/<name>/routes.tsx` default-exports one of
 * these; app/router.tsx collects them with import.meta.glob, so adding a screen never edits the router.
 */
export interface FeatureModule {
  /** Screens for a signed-in user, rendered inside the console layout (header, navigation). */
  routes?: RouteObject[];
  /** Screens reachable without signing in (sign-in, password reissue, IP change), rendered without navigation. */
  publicRoutes?: RouteObject[];
  /** Navigation entries of the side menu, in order; `section` groups them under a heading key. */
  nav?: NavEntry[];
}

export interface NavEntry {
  /** i18n key, e.g. 'members:nav.list' */
  labelKey: string;
  path: string;
  /** i18n key of the menu section heading ('app:nav.organization', 'app:nav.operator', ...) */
  section?: string;
  /** Who sees the entry; absent = every signed-in user. */
  visible?: (principal: Principal) => boolean;
  /** Lower first; entries without one keep their file order. */
  order?: number;
}

export function defineFeature(feature: FeatureModule): FeatureModule {
  return feature;
}
