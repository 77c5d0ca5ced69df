/**
 * The layout rules of docs/architecture.md, checked by `npm run lint` (`depcruise src libs`). Dependency direction:
 * main → app.module → feature folders → libs; a feature uses another only through what that module exports.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Two folders must not import each other, directly or round a longer loop: one of them has to sit below the ' +
        'other. Move the shared word to libs/, or let the lower folder publish a domain event the upper one handles.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src|libs)/' },
      to: { circular: true },
    },
    {
      name: 'entry-files-on-top',
      comment:
        'The files directly in src/ (main.ts, app.module.ts, app-setup.ts, the OpenAPI writer) wire everything below ' +
        'them; a folder that imports one of them runs back up the graph. (Folder cycles do not see this loop: ' +
        'src/ is the parent of every feature folder.)',
      severity: 'error',
      from: { path: '^(src/[^/]+/|libs/)' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'libs-import-nothing-from-src',
      comment: 'libs/ is the bottom layer: a library that reaches into a feature folder is not a library.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^src/' },
    },
    {
      name: 'audit-recorder-imports-no-feature',
      comment:
        'Every module imports the audit recorder (src/audit), so it may import only libs/: a feature import would ' +
        'close a loop through every module. Reading the audit trail lives in src/audit-history.',
      severity: 'error',
      from: { path: '^src/audit/' },
      to: { path: '^src/', pathNot: '^src/audit/' },
    },
    {
      name: 'no-foreign-entities',
      comment:
        'A module touches another module only through the services it exports, never its entities or repositories ' +
        '(their tables are its own business). Ask the owning module for a method, or react to its domain event.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/audit-(history|streaming)/' },
      // A type-only import (an exported service's return type) is erased at compile time and touches no table.
      to: {
        path: '^src/[^/]+/.*(\\.entity|repository)\\.ts$',
        pathNot: '^src/$1/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'audit-history-reads-only-the-trail',
      comment:
        'src/audit-history is the reading side of the audit trail: it queries the tables the recorder appends to ' +
        "(operation and login history, chain heads) and no other module's.",
      severity: 'error',
      from: { path: '^src/audit-(history|streaming)/' },
      to: {
        path: '^src/[^/]+/.*(\\.entity|repository)\\.ts$',
        pathNot: '^src/(audit|audit-history|audit-streaming)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'migrations-are-frozen',
      comment:
        'A migration is history: it copies what it needs instead of importing application code that may change ' +
        'after it ran. It may use libs/ helpers made for migrations and the typeorm API.',
      severity: 'error',
      from: { path: '^src/database/migrations/' },
      to: { path: '^src/', pathNot: '^src/database/migrations/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
