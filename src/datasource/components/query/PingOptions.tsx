import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { PING_MAX_ROWS } from '../../../shared/queryTypes';
import { NumberOption } from './NumberOption';
import { TextOption } from './TextOption';
import type { OptionProps } from './update';

/** `ping`: how many generated rows, and the text they echo. */
export function PingOptions(props: OptionProps) {
  return (
    <>
      <InlineFieldRow>
        <NumberOption
          {...props}
          type="ping"
          field="rows"
          label="Rows"
          tooltip={`Number of rows, 1 to ${PING_MAX_ROWS}, spread over the time range`}
          placeholder="3"
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextOption
          {...props}
          field="message"
          label="Message"
          tooltip="Echoed in the message column; dashboard variables are replaced"
          placeholder="optional text, e.g. $tenant"
        />
      </InlineFieldRow>
    </>
  );
}
