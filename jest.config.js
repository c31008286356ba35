// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const scaffold = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

// The backend and the integration tests run in Node, transpiled by the same swc transform as the frontend.
const nodeProject = {
  transform: scaffold.transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  // zod's single-locale files are ES modules only (src/shared/zod.ts imports one).
  transformIgnorePatterns: ['/node_modules/(?!zod/)'],
};

module.exports = {
  // Integration tests start processes; unit tests finish far below this anyway.
  testTimeout: 60000,
  // .build/ holds fetched Node packages (their package.json would collide in Jest's module map).
  modulePathIgnorePatterns: ['<rootDir>/.build/'],
  projects: [
    // Jest configuration provided by Grafana scaffolding: React components, editors, plugin.json.
    {
      displayName: 'frontend',
      ...scaffold,
      transform: {
        ...scaffold.transform,
        // @grafana/data 13 requires d3 packages whose only entry point is `.mjs`; the scaffold's
        // transform (`.js/.ts(x)` only) would hand them to Jest untranspiled.
        '^.+\\.mjs$': scaffold.transform['^.+\\.(t|j)sx?$'],
      },
      // ESM-only dependencies of @grafana/data 13 that the scaffold's list does not know yet.
      transformIgnorePatterns: [
        nodeModulesToTransform([...grafanaESModules, '@react-hookz/web', '@ver0/deep-equal', 'zod']),
      ],
    },
    // pkg/ and ingest/: the Node backend's and the ingest's unit tests (frame encoder, logger, protocol helpers); tests/plugin-json: the
    // plugin.json and built-folder checks that src/plugins.test.ts applies.
    {
      displayName: 'backend',
      ...nodeProject,
      testMatch: [
        '<rootDir>/pkg/**/*.test.ts',
        '<rootDir>/ingest/**/*.test.ts',
        '<rootDir>/tools/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
        '<rootDir>/tests/plugin-json/**/*.test.ts',
      ],
    },
    // The built executable launched by the Go conformance host, and the release archive installed
    // (needs `npm run package` and `npm run build:host`).
    {
      displayName: 'integration',
      ...nodeProject,
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
  ],
};
