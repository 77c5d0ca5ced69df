import { defineFeature } from '../../app/feature';
import type { Principal } from '../../app/auth';

/** Anyone holding one of the vault's permissions (or a manager) sees its screens; the API decides each operation. */
const handlesNumbers = (p: Principal) =>
  !!p.organization && (p.isManager || p.permissions.some((x) => x.startsWith('personal_numbers.')));

const screen = (path: string, load: () => Promise<{ Component: React.ComponentType }>) => ({
  path,
  lazy: load,
});

/** マイナンバー管理 (manual 004): the masked list, registration, input status, the handling log, files, purge. */
export default defineFeature({
  routes: [
    screen('personal-numbers/records', async () => ({
      Component: (await import('./screens/RecordListScreen')).RecordListScreen,
    })),
    screen('personal-numbers/records/new', async () => ({
      Component: (await import('./screens/RecordFormScreen')).RecordCreateScreen,
    })),
    screen('personal-numbers/records/:id', async () => ({
      Component: (await import('./screens/RecordFormScreen')).RecordEditScreen,
    })),
    screen('personal-numbers/records/:id/documents', async () => ({
      Component: (await import('./screens/IdDocumentsScreen')).IdDocumentsScreen,
    })),
    screen('personal-numbers/input-status', async () => ({
      Component: (await import('./screens/InputStatusScreen')).InputStatusScreen,
    })),
    screen('personal-numbers/handling-log', async () => ({
      Component: (await import('./screens/HandlingLogScreen')).HandlingLogScreen,
    })),
    screen('personal-numbers/files', async () => ({
      Component: (await import('./screens/RecordFilesScreen')).RecordFilesScreen,
    })),
    screen('personal-numbers/purge', async () => ({
      Component: (await import('./screens/PurgeScreen')).PurgeScreen,
    })),
  ],
  nav: [
    {
      labelKey: 'vault:nav.records',
      path: '/personal-numbers/records',
      section: 'vault:nav.section',
      order: 70,
      visible: handlesNumbers,
    },
    {
      labelKey: 'vault:nav.status',
      path: '/personal-numbers/input-status',
      section: 'vault:nav.section',
      order: 71,
      visible: handlesNumbers,
    },
    {
      labelKey: 'vault:nav.log',
      path: '/personal-numbers/handling-log',
      section: 'vault:nav.section',
      order: 72,
      visible: (p) => !!p.organization && (p.isManager || p.permissions.includes('audit.read')),
    },
    {
      labelKey: 'vault:nav.files',
      path: '/personal-numbers/files',
      section: 'vault:nav.section',
      order: 73,
      visible: (p) =>
        !!p.organization &&
        (p.isManager ||
          p.permissions.includes('personal_numbers.export') ||
          p.permissions.includes('personal_numbers.write')),
    },
    {
      labelKey: 'vault:nav.purge',
      path: '/personal-numbers/purge',
      section: 'vault:nav.section',
      order: 74,
      visible: (p) => !!p.organization && p.isManager,
    },
  ],
});
