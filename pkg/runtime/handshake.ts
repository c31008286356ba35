/**
 * The go-plugin handshake (hashicorp/go-plugin's documented protocol): check the magic cookie Grafana's SDK
 * sets, agree on app protocol version 2, and print the one stdout line that tells the host where
 * to connect: `CORE|APP|NETWORK|ADDRESS|PROTOCOL[|SERVER_CERT]`.
 */
export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
export const MAGIC_COOKIE_VALUE = 'datasource';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 2;

export type Negotiation = { ok: true; appVersion: number } | { ok: false; message: string };

export function negotiate(env: NodeJS.ProcessEnv): Negotiation {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        'This binary is a Grafana backend plugin (llmops-ledger-datasource). It is not meant to be run directly: ' +
        'install the plugin in Grafana, which starts it.',
    };
  }
  // go-plugin lists the versions the host speaks, in no particular order; an absent list means 2.
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(APP_PROTOCOL_VERSION))
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v));
  if (!offered.includes(APP_PROTOCOL_VERSION)) {
    return {
      ok: false,
      message: `the host speaks plugin protocol versions ${offered.join(',') || '(none)'}; this plugin speaks ${APP_PROTOCOL_VERSION}`,
    };
  }
  return { ok: true, appVersion: APP_PROTOCOL_VERSION };
}

export interface ListenAddress {
  network: 'unix' | 'tcp';
  /** Socket path, or host:port. */
  address: string;
}

/** The line go-plugin reads; the certificate (base64 DER without padding) only under AutoMTLS. */
export function handshakeLine(appVersion: number, listen: ListenAddress, serverCertBase64?: string): string {
  const fields = [String(CORE_PROTOCOL_VERSION), String(appVersion), listen.network, listen.address, 'grpc'];
  if (serverCertBase64) {
    fields.push(serverCertBase64);
  }
  return `${fields.join('|')}\n`;
}
