import { createBrowserRouter, Outlet, RouterProvider, type RouteObject } from 'react-router';
import type { FeatureModule, NavEntry } from './feature';
import { AuthProvider, meQuery, RequireAuth } from './auth';
import { ConsoleLayout } from './layout';
import { HomePage } from './home';
import { NotFoundPage } from './not-found';
import { Providers, queryClient } from './providers';

/**
 * Every feature folder's `routes.tsx` (see feature.ts). Collected at build time, so a new screen is a new file in
 * its feature, never an edit here.
 */
const features = Object.entries(
  import.meta.glob<{ default: FeatureModule }>('../features/*/routes.tsx', { eager: true }),
)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, module]) => module.default);

export const navEntries: NavEntry[] = features
  .flatMap((feature) => feature.nav ?? [])
  .map((entry, index) => ({ entry, index }))
  .sort((a, b) => (a.entry.order ?? 1000 + a.index) - (b.entry.order ?? 1000 + b.index))
  .map(({ entry }) => entry);

function Root() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  );
}

export const routes: RouteObject[] = [
  {
    element: <Root />,
    children: [
      ...features.flatMap((feature) => feature.publicRoutes ?? []),
      {
        element: (
          <RequireAuth>
            <ConsoleLayout nav={navEntries} />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <HomePage /> },
          ...features.flatMap((feature) => feature.routes ?? []),
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

// Who is signed in is the first thing every screen needs: ask while the router still loads the screen's code,
// not after its first render (a reload of ユーザー一覧 would otherwise wait for chunk → render → me → list).
void queryClient.prefetchQuery(meQuery);

const router = createBrowserRouter(routes);

export function App() {
  return (
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  );
}
