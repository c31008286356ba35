/**
 * The subset of opentelemetry-proto that the ingest reads and answers with, written by us from the
 * field numbers of its specification (github.com/open-telemetry/opentelemetry-proto, v1.x:
 * common/v1/common.proto, resource/v1/resource.proto, trace/v1/trace.proto,
 * collector/trace/v1/trace_service.proto; Apache License 2.0, © The OpenTelemetry Authors), plus
 * google.rpc.Status (googleapis, Apache License 2.0) for error bodies.
 *
 * Fields we never read are left out on purpose: protobuf decoders skip unknown fields, so a span's
 * events, links, trace state, flags and dropped counts cost a skip instead of objects we would throw
 * away. Field names are the proto's; protobufjs turns them into lowerCamelCase.
 */
export const OTLP_PROTO = `
syntax = "proto3";

package opentelemetry.proto.common.v1;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}

message ArrayValue {
  repeated AnyValue values = 1;
}

message KeyValueList {
  repeated KeyValue values = 1;
}

message KeyValue {
  string key = 1;
  AnyValue value = 2;
}

// Skipped: attributes = 3, dropped_attributes_count = 4.
message InstrumentationScope {
  string name = 1;
  string version = 2;
}
`;

export const RESOURCE_PROTO = `
syntax = "proto3";

package opentelemetry.proto.resource.v1;

// Skipped: dropped_attributes_count = 2, entity_refs = 3.
message Resource {
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;
}
`;

export const TRACE_PROTO = `
syntax = "proto3";

package opentelemetry.proto.trace.v1;

// Skipped: schema_url = 3.
message ResourceSpans {
  opentelemetry.proto.resource.v1.Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
}

// Skipped: schema_url = 3.
message ScopeSpans {
  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;
  repeated Span spans = 2;
}

// Skipped: trace_state = 3, dropped_attributes_count = 10, events = 11, dropped_events_count = 12,
// links = 13, dropped_links_count = 14, flags = 16.
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  bytes parent_span_id = 4;
  string name = 5;
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 9;
  Status status = 15;

  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0;
    SPAN_KIND_INTERNAL = 1;
    SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3;
    SPAN_KIND_PRODUCER = 4;
    SPAN_KIND_CONSUMER = 5;
  }
}

// Field 1 was the deprecated code.
message Status {
  string message = 2;
  StatusCode code = 3;

  enum StatusCode {
    STATUS_CODE_UNSET = 0;
    STATUS_CODE_OK = 1;
    STATUS_CODE_ERROR = 2;
  }
}
`;

export const TRACE_SERVICE_PROTO = `
syntax = "proto3";

package opentelemetry.proto.collector.trace.v1;

message ExportTraceServiceRequest {
  repeated opentelemetry.proto.trace.v1.ResourceSpans resource_spans = 1;
}

message ExportTraceServiceResponse {
  ExportTracePartialSuccess partial_success = 1;
}

message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}
`;

// Skipped: details = 3 (repeated google.protobuf.Any); we send none.
export const RPC_STATUS_PROTO = `
syntax = "proto3";

package google.rpc;

message Status {
  int32 code = 1;
  string message = 2;
}
`;

export const TYPE_NAMES = {
  request: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  response: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
  rpcStatus: 'google.rpc.Status',
} as const;
