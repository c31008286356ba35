/**
 * Protobuf codecs for the messages we serve, built from the generated JSON descriptor.
 *
 * protobufjs is loaded on the first RPC, not at start-up: before the handshake line only grpc-js
 * is loaded, which is what keeps the plugin's start-up close to a Go plugin's (see
 * shared/research/sea-startup.md, "lean").
 */
import type { Root, Type } from 'protobufjs';
import { descriptor } from './descriptor.generated';

let root: Root | undefined;
const types = new Map<string, Type>();

function lookup(name: string): Type {
  let type = types.get(name);
  if (!type) {
    if (!root) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const light = require('protobufjs/light') as typeof import('protobufjs');
      root = light.Root.fromJSON(descriptor as import('protobufjs').INamespace);
    }
    type = root.lookupType(name);
    types.set(name, type);
  }
  return type;
}

/** Decoding options: int64 as JS numbers (epoch ms fit in 2^53), enums as numbers, defaults filled. */
const TO_OBJECT = { longs: Number, enums: Number, defaults: true, arrays: true, objects: true } as const;

export interface Codec<T> {
  serialize(value: T): Buffer;
  deserialize(bytes: Buffer): T;
}

export function codecFor<T>(messageName: string): Codec<T> {
  return {
    serialize(value: T): Buffer {
      const type = lookup(messageName);
      const bytes = type.encode(type.fromObject(value as Record<string, unknown>)).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    deserialize(bytes: Buffer): T {
      const type = lookup(messageName);
      return type.toObject(type.decode(bytes), TO_OBJECT) as T;
    },
  };
}

/** Loads protobufjs and resolves every type now; called by the warm-up after the handshake. */
export function warmCodecs(names: string[]): void {
  for (const name of names) {
    lookup(name);
  }
}
