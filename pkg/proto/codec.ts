/**
 * Protobuf codecs for the messages we serve: the static code generated from pkg/proto/*.proto
 * (protos.generated.js), loaded on the first RPC rather than at start-up.
 *
 * Decoded messages read like plain objects of the types in protocol.generated.ts: absent fields fall
 * back to their proto3 defaults (0, '', empty list or map; null for a message or an `optional` field)
 * through the generated classes' prototypes. int64 fields are JS numbers (epoch milliseconds fit in
 * 2^53), because protobufjs is configured without `long` below.
 */
import type { Writer } from 'protobufjs';
import type { MessageName, Messages } from './protocol.generated';

interface StaticMessage {
  encode(message: unknown): Writer;
  decode(bytes: Uint8Array): unknown;
}

type GeneratedRoot = Record<string, Record<string, StaticMessage & Record<string, StaticMessage>>>;

let root: GeneratedRoot | undefined;

function load(): GeneratedRoot {
  if (!root) {
     
    const minimal = require('protobufjs/minimal') as typeof import('protobufjs');
    // Without `long`, int64 fields decode to numbers. Must happen before the generated code loads:
    // its int64 defaults are chosen when its classes are defined.
    minimal.util.Long = undefined as unknown as typeof minimal.util.Long;
    minimal.configure();
    root = require('./protos.generated.js') as GeneratedRoot;
     
  }
  return root;
}

const types = new Map<string, StaticMessage>();

/** A generated message class by its full name, e.g. `pluginv2.QueryDataRequest`. */
function lookup(fullName: MessageName): StaticMessage {
  let type = types.get(fullName);
  if (!type) {
    let node: unknown = load();
    for (const part of fullName.split('.')) {
      node = (node as Record<string, unknown> | undefined)?.[part];
    }
    if (typeof (node as StaticMessage | undefined)?.decode !== 'function') {
      throw new Error(`no generated protobuf message ${fullName}`);
    }
    type = node as StaticMessage;
    types.set(fullName, type);
  }
  return type;
}

export interface Codec<T> {
  serialize(value: T): Buffer;
  deserialize(bytes: Buffer): T;
}

/** The codec of one message, typed by its full name; protobufjs loads on its first use. */
export function codecFor<N extends MessageName>(messageName: N): Codec<Messages[N]> {
  return {
    serialize(value: Messages[N]): Buffer {
      const bytes = lookup(messageName).encode(value).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    deserialize(bytes: Buffer): Messages[N] {
      return lookup(messageName).decode(bytes) as Messages[N];
    },
  };
}

/** Loads the generated codecs and checks that every name resolves; called by the warm-up. */
export function warmCodecs(names: readonly MessageName[]): void {
  for (const name of names) {
    lookup(name);
  }
}
