/**
 * The protocol's messages and enums, for the modules that handle them (pkg/services, settings, …).
 * Declared once, in pkg/proto/*.proto; their TypeScript shapes are generated from those files into
 * protocol.generated.ts by `npm run generate:proto`. Plain types and constants: importing this
 * module does not load protobufjs.
 */
export * from './protocol.generated';
