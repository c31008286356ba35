import { DataFrameFormat } from '../proto/messages';
import type { Frame } from './frame';

export type { Field, FieldType, Frame, FrameMeta, Notice } from './frame';

/**
 * Encodes frames in the format the request asked for. The Arrow and JSON encoders are loaded on
 * first use so that neither apache-arrow nor the JSON writer costs start-up time.
 */
export function encodeFrames(frames: Frame[], format: DataFrameFormat): Uint8Array[] {
  if (format === DataFrameFormat.JSON) {
     
    const { frameToJson } = require('./json') as typeof import('./json');
    return frames.map(frameToJson);
  }
   
  const { frameToArrow } = require('./arrow') as typeof import('./arrow');
  return frames.map(frameToArrow);
}
