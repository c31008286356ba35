import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { VARIABLE_VALUES_MAX } from '../../../shared/queryTypes';
import { ChoiceOption } from './ChoiceOption';
import { NumberOption } from './NumberOption';
import { TextOption } from './TextOption';
import type { OptionProps } from './update';

/** `variableValues`: which list, the text its values contain, how many. */
export function VariableValuesOptions(props: OptionProps) {
  return (
    <>
      <InlineFieldRow>
        <ChoiceOption
          {...props}
          field="variable"
          label="Values of"
          tooltip="What to list: the distinct values seen in the time range"
          options={[
            { label: 'Tenants', value: 'tenants' },
            { label: 'Users', value: 'users' },
            { label: 'Models', value: 'models' },
            { label: 'Audit actions', value: 'actions' },
          ]}
        />
        <NumberOption
          {...props}
          type="variableValues"
          field="limit"
          label="At most"
          tooltip={`How many values, up to ${VARIABLE_VALUES_MAX}`}
          placeholder={String(VARIABLE_VALUES_MAX)}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextOption
          {...props}
          field="search"
          label="Containing"
          tooltip="Only values that contain this text. In a dashboard variable, $__searchFilter is what the user types in the variable's menu."
          placeholder="optional, e.g. $__searchFilter"
        />
      </InlineFieldRow>
    </>
  );
}
