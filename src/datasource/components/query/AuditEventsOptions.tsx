import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { QUERY_DEFAULTS } from '../../../shared/queryTypes';
import { ChoiceOption } from './ChoiceOption';
import { NumberOption } from './NumberOption';
import { SwitchOption } from './SwitchOption';
import { TextOption } from './TextOption';
import type { OptionProps } from './update';

/** `auditEvents`: the page's order and size, one event by id, or the events as annotations. */
export function AuditEventsOptions(props: OptionProps) {
  return (
    <>
      <InlineFieldRow>
        <ChoiceOption
          {...props}
          field="sort"
          label="Sort by"
          tooltip="The column the page is sorted by"
          options={[
            { label: 'Time', value: 'time' },
            { label: 'Action', value: 'action' },
            { label: 'User', value: 'user' },
            { label: 'Tenant', value: 'tenant' },
          ]}
        />
        <ChoiceOption
          {...props}
          field="direction"
          label="Order"
          tooltip="Newest or highest first, or the other way round"
          options={[
            { label: 'Descending', value: 'desc' },
            { label: 'Ascending', value: 'asc' },
          ]}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <NumberOption
          {...props}
          type="auditEvents"
          field="page"
          label="Page"
          tooltip="Which page of the sorted events"
          placeholder="1"
        />
        <NumberOption
          {...props}
          type="auditEvents"
          field="pageSize"
          label="Page size"
          tooltip="Events per page (at most the datasource's max rows)"
          placeholder={String(QUERY_DEFAULTS.auditEvents.pageSize)}
        />
        <SwitchOption
          {...props}
          field="asAnnotations"
          label="As annotations"
          tooltip="Answer with time, title, text and tags, the fields Grafana draws as annotations"
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextOption
          {...props}
          field="eventId"
          label="Event id"
          tooltip="Only this event, whatever the time range; dashboard variables are replaced"
          placeholder="optional, e.g. $event"
        />
      </InlineFieldRow>
    </>
  );
}

/** An annotation query shows the latest events: only how many of them is up to the user. */
export function AnnotationLimitOption(props: OptionProps) {
  return (
    <InlineFieldRow>
      <NumberOption
        {...props}
        type="auditEvents"
        field="pageSize"
        label="At most"
        tooltip="The latest events in the range, up to this many (and the datasource's max rows)"
        placeholder={String(QUERY_DEFAULTS.auditEvents.pageSize)}
      />
    </InlineFieldRow>
  );
}
