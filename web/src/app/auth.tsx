import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, onUnauthorized, unwrap, type ApiError, type SignedOutReason } from '../api/client';

/** `GET /auth/me` (SPEC §3.6): who is signed in, in which organization, with which permissions. */
export interface Principal {
  user: {
    id: string;
    loginId: string;
    familyName: string | null;
    givenName: string | null;
    email: string | null;
    mustChangePassword: boolean;
    status: { twoFactorEnabled: boolean };
  };
  organization: { id: string; code: string; name: string } | null;
  isManager: boolean;
  isSystemOperator: boolean;
  permissions: string[];
  /** The organization confirms with a passkey step-up instead of the confirmation password (SPEC §17). */
  passkeyStepUp?: boolean;
}

export interface AuthState {
  /** null while nobody is signed in (or before the first `me` answer: see `loading`). */
  principal: Principal | null;
  loading: boolean;
  /** The caller's organization id, for `/organizations/{orgId}/...` calls; null for operators without one. */
  orgId: string | null;
  permissions: ReadonlySet<string>;
  /** True for a manager, an operator, or a member holding `permission`. */
  can: (permission: string) => boolean;
  /** Re-reads `me` (after sign-in, a password change, joining an organization). */
  refresh: () => Promise<Principal | null>;
  /** Ends the server session (the cookie goes with it) and returns to the sign-in screen. */
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export const ME_KEY = ['auth', 'me'] as const;

export async function fetchMe(): Promise<Principal | null> {
  try {
    return unwrap(await api.GET('/api/v1/auth/me')) as unknown as Principal;
  } catch (error) {
    if ((error as ApiError).statusCode === 401) return null;
    throw error;
  }
}

/** The `me` query as AuthProvider runs it; route loaders read it too (ensureQueryData) to learn the orgId. */
export const meQuery = { queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false } as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useQuery(meQuery);
  // True from a sign-out (or a lost session) until the next sign-in: the route guard then renders nothing instead
  // of redirecting the screen being left to /sign-in?next=… .
  const [signingOut, setSigningOut] = useState(false);
  const principal = me.data ?? null;

  // A 401 on any authenticated call: the session ended (idle timeout, signed out elsewhere, password changed).
  useEffect(
    () =>
      onUnauthorized(() => {
        if (!queryClient.getQueryData(ME_KEY)) return;
        const next = location.pathname + location.search;
        setSigningOut(true);
        void Promise.resolve(
          navigate(
            `/sign-in?reason=${'expired' satisfies SignedOutReason}&next=${encodeURIComponent(next)}`,
            {
              replace: true,
              flushSync: true,
            },
          ),
        ).then(() => {
          queryClient.setQueryData(ME_KEY, null);
          queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
        });
      }),
    [queryClient, navigate, location.pathname, location.search],
  );

  const refresh = useCallback(async () => {
    const value = await fetchMe();
    queryClient.setQueryData(ME_KEY, value);
    setSigningOut(false);
    return value;
  }, [queryClient]);

  const signOut = useCallback(async () => {
    setSigningOut(true);
    try {
      await api.POST('/api/v1/auth/logout').catch(() => undefined);
    } finally {
      // Leave the signed-in screens first (rendered at once: flushSync), so the route guard does not see the
      // principal go and redirect with `next` on the way out.
      await navigate(`/sign-in?reason=${'signedOut' satisfies SignedOutReason}`, {
        replace: true,
        flushSync: true,
      });
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    }
  }, [queryClient, navigate]);

  const value = useMemo<AuthState>(() => {
    const permissions = new Set(principal?.permissions ?? []);
    return {
      principal,
      loading: me.isPending || signingOut,
      orgId: principal?.organization?.id ?? null,
      permissions,
      can: (permission) =>
        !!principal && (principal.isSystemOperator || principal.isManager || permissions.has(permission)),
      refresh,
      signOut,
    };
  }, [principal, me.isPending, signingOut, refresh, signOut]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user's organization, '' for an operator without one: the org-scoped queries wait for it. */
export function useOrgId(): string {
  return useAuth().orgId ?? '';
}

/**
 * Guards the signed-in screens: nobody signed in → /sign-in?next=<here>; a forced password change pending →
 * the change screen (the API refuses everything else until then, SPEC §3.1).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { principal, loading } = useAuth();
  const location = useLocation();
  if (loading) return null;
  const here = location.pathname + location.search;
  if (!principal) return <Navigate to={`/sign-in?next=${encodeURIComponent(here)}`} replace />;
  if (principal.user.mustChangePassword && location.pathname !== '/password/change') {
    return <Navigate to={`/password/change?next=${encodeURIComponent(here)}`} replace />;
  }
  return <>{children}</>;
}
