// Import rules: a request flows protocol → operations → core → storage, and imports only point down.
// See /docs/architecture.md; `npm run deps` checks them.

/** @type {import('dependency-cruiser').IDependencyCruiserConfig} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules form a tree along the request flow; a cycle means a layer leaks upward.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'errors-are-a-leaf',
      severity: 'error',
      comment: 'The error catalogue is imported by every layer, so it imports none of them.',
      from: { path: '^src/errors/' },
      to: { path: '^src/', pathNot: '^src/errors/' },
    },
    {
      name: 'storage-knows-nothing-above',
      severity: 'error',
      comment:
        'storage/ is ordered bytes; it knows nothing of DynamoDB (DESIGN.md, storage contract).',
      from: { path: '^src/storage/' },
      to: { path: '^src/', pathNot: '^src/storage/' },
    },
    {
      name: 'model-is-pure',
      severity: 'error',
      comment: 'model/ (attribute values, numbers, key encoding) only needs errors.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/(model|errors)/' },
    },
    {
      name: 'shapes-and-expressions-stay-low',
      severity: 'error',
      comment: 'Validation tables and the expression pipeline sit below core, beside model.',
      from: { path: '^src/(shapes|expressions)/' },
      to: { path: '^src/(core|operations|protocol|cli|config|storage|console)/|^src/index\\.ts$' },
    },
    {
      name: 'core-below-operations',
      severity: 'error',
      comment: 'core/ never imports operations, protocol or the entry points.',
      from: { path: '^src/core/' },
      to: { path: '^src/(operations|protocol|cli|console)/|^src/index\\.ts$' },
    },
    {
      name: 'operations-below-protocol',
      severity: 'error',
      comment: 'Operations never know how a request arrived.',
      from: { path: '^src/operations/' },
      to: { path: '^src/(protocol|cli|console)/|^src/index\\.ts$' },
    },
    {
      name: 'protocol-below-entry-points',
      severity: 'error',
      comment: 'The HTTP layer is started by index/cli, never the other way round.',
      from: { path: '^src/protocol/' },
      to: { path: '^src/(cli|console)/|^src/index\\.ts$' },
    },
    {
      name: 'config-is-settings-only',
      severity: 'error',
      comment: 'config/ describes settings; it does not reach into the layers that use them.',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/(config|errors)/' },
    },
    {
      name: 'only-protocol-knows-http',
      severity: 'error',
      comment:
        'Only protocol/, cli/ and index know HTTP or sockets exist (STYLE.md); cluster/ too, since ' +
        'its primary accepts connections and hands the sockets to its worker processes.',
      from: {
        path: '^src/',
        pathNot: '^src/(protocol|cli|cluster)/|^src/index\\.ts$|\\.test\\.ts$',
      },
      to: { path: '^(node:)?(http|https|http2|net|tls|dgram)$', dependencyTypes: ['core'] },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'no-dev-dependencies-in-src',
      severity: 'error',
      comment: 'Shipped code must run with production dependencies only.',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
