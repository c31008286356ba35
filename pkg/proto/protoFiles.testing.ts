/**
 * For tests: pkg/proto/*.proto as protobufjs' reflection reads them, i.e. what
 * scripts/generate-proto.mjs generated the codecs, the types and the service table from. Tests
 * compare the generated code against these declarations; the backend itself never reads them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

export interface Declared {
  /** Every message, nested ones included, in declaration order. */
  messages: protobuf.Type[];
  services: protobuf.Service[];
}

export function declaredInProtoFiles(): Declared {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.proto'))
    .map((f) => join(__dirname, f));
  const root = new protobuf.Root().loadSync(files, { keepCase: true });
  root.resolveAll();
  const declared: Declared = { messages: [], services: [] };
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type) {
        declared.messages.push(nested);
      } else if (nested instanceof protobuf.Service) {
        declared.services.push(nested);
      }
      if (nested instanceof protobuf.Namespace) {
        walk(nested);
      }
    }
  };
  walk(root);
  return declared;
}

/** `pluginv2.QueryDataRequest` for `.pluginv2.QueryDataRequest`. */
export function fullName(reflected: protobuf.ReflectionObject): string {
  return reflected.fullName.replace(/^\./, '');
}
