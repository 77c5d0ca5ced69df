import type { Principal } from '../../app/auth';
import { defineFeature } from '../../app/feature';

const inOrganization = (p: Principal) => !!p.organization && !p.isSystemOperator;
/** Holds some `approvals.request.<business>` (bare or for one payee source). */
const mayRequest = (p: Principal) =>
  inOrganization(p) && p.permissions.some((x) => x.startsWith('approvals.request.'));
const mayApprove = (p: Principal) =>
  inOrganization(p) && p.permissions.some((x) => x.startsWith('approvals.approve.'));
const viewsAll = (p: Principal) => inOrganization(p) && p.permissions.includes('approvals.view_all');

/** 依頼・承認 (manual 001): 依頼作成, 承認待ち, one request (承認 / 差戻し / 引戻し), 依頼一覧, 全取引照会. */
export default defineFeature({
  routes: [
    {
      path: 'requests/new',
      lazy: async () => ({ Component: (await import('./screens/CreateRequestScreen')).CreateRequestScreen }),
    },
    {
      path: 'requests/inbox',
      lazy: async () => ({ Component: (await import('./screens/RequestListScreen')).ApprovalInboxScreen }),
    },
    {
      path: 'requests/mine',
      lazy: async () => ({ Component: (await import('./screens/RequestListScreen')).MyRequestsScreen }),
    },
    {
      path: 'requests/all',
      lazy: async () => ({ Component: (await import('./screens/RequestListScreen')).AllRequestsScreen }),
    },
    {
      path: 'requests/:requestId',
      lazy: async () => ({ Component: (await import('./screens/RequestDetailScreen')).RequestDetailScreen }),
    },
  ],
  nav: [
    {
      labelKey: 'requests:nav.create',
      path: '/requests/new',
      section: 'requests:nav.section',
      order: 45,
      visible: mayRequest,
    },
    {
      labelKey: 'requests:nav.inbox',
      path: '/requests/inbox',
      section: 'requests:nav.section',
      order: 46,
      visible: mayApprove,
    },
    {
      labelKey: 'requests:nav.mine',
      path: '/requests/mine',
      section: 'requests:nav.section',
      order: 47,
      visible: mayRequest,
    },
    {
      labelKey: 'requests:nav.all',
      path: '/requests/all',
      section: 'requests:nav.section',
      order: 48,
      visible: viewsAll,
    },
  ],
});
