import type { Principal } from '../../app/auth';
import { defineFeature } from '../../app/feature';

/** Requesters of a batch business, its approvers and 全取引照会 holders see the batches. */
const seesBatches = (p: Principal) =>
  !!p.organization &&
  (p.isManager ||
    p.permissions.some(
      (x) =>
        x === 'approvals.view_all' || /^approvals\.(request|approve)\.(bulk_transfer|payroll)(\.|$)/.test(x),
    ));

/** 総合振込 / 給与・賞与振込 (manual 001): list, 依頼（画面入力）, 依頼（ファイル受付）, 照会 with lines and files. */
export default defineFeature({
  routes: [
    {
      path: 'batches',
      lazy: async () => ({ Component: (await import('./screens/BatchListScreen')).BatchListScreen }),
    },
    {
      path: 'batches/new',
      lazy: async () => ({ Component: (await import('./screens/BatchFormScreen')).BatchFormScreen }),
    },
    {
      path: 'batches/import',
      lazy: async () => ({ Component: (await import('./screens/BatchImportScreen')).BatchImportScreen }),
    },
    {
      path: 'batches/:requestId',
      lazy: async () => ({ Component: (await import('./screens/BatchDetailScreen')).BatchDetailScreen }),
    },
  ],
  nav: [
    {
      labelKey: 'batches:nav.list',
      path: '/batches',
      section: 'bank:nav.section',
      order: 35,
      visible: seesBatches,
    },
  ],
});
