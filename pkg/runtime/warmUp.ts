/**
 * Loads what the first query needs (protobuf types, validation, frame encoders, metrics) shortly
 * after the handshake instead of during it. Doing it at once would block the event loop while
 * go-plugin's host connects and roughly double the handshake time; doing it on the first query
 * would make that query ~45 ms slower (measured with `npm run bench:startup`'s host when this was written).
 */
import type { Logger } from './logger';

export const WARM_UP_DELAY_MS = 250;

export function warmUp(logger: Logger): void {
  const started = performance.now();
  try {
     
    const { codecFor, warmCodecs } = require('../proto/codec') as typeof import('../proto/codec');
    const { MESSAGE_TYPES } = require('../server/serviceDefinitions') as typeof import('../server/serviceDefinitions');
    warmCodecs(MESSAGE_TYPES);
    // A request and a response through the codecs and the validator, as the first query will do.
    const request = codecFor('pluginv2.QueryDataRequest');
    request.deserialize(request.serialize({ headers: {}, queries: [], format: 0 }));
    const response = codecFor('pluginv2.QueryDataResponse');
    response.deserialize(response.serialize({ responses: { A: { frames: [], status: 200, format: 0 } } }));
    const { validateQuery } = require('../../src/shared/queryModel') as typeof import('../../src/shared/queryModel');
    validateQuery({ queryType: 'ping', rows: 1 });
    require('../services/queryData');
    require('../services/checkHealth');
    require('../services/resources');
    const { getMetrics } = require('../metrics') as typeof import('../metrics');
    getMetrics();
    const { encodeFrames } = require('../frames') as typeof import('../frames');
    const { DataFrameFormat } = require('../proto/messages') as typeof import('../proto/messages');
    const frame = {
      fields: [
        { name: 't', type: 'time' as const, values: [0] },
        { name: 'v', type: 'float64' as const, values: [1] },
        { name: 's', type: 'string' as const, nullable: true, values: [null] },
        { name: 'b', type: 'boolean' as const, values: [true] },
      ],
    };
    encodeFrames([frame], DataFrameFormat.ARROW);
    encodeFrames([frame], DataFrameFormat.JSON);
     
    logger.debug('warm-up done', { ms: Math.round(performance.now() - started) });
    // When the build runs the executable to make its code cache, this is the moment to take it.
    (globalThis as { __ledgerSea?: { warmedUp(): void } }).__ledgerSea?.warmedUp();
  } catch (err) {
    // Nothing depends on the warm-up; the first call would load the same modules and report errors.
    logger.warn('warm-up failed', { error: err });
  }
}

export function scheduleWarmUp(logger: Logger, delayMs = WARM_UP_DELAY_MS): void {
  setTimeout(() => warmUp(logger), delayMs).unref();
}
