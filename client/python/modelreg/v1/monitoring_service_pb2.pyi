import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MonitorState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MONITOR_STATE_UNSPECIFIED: _ClassVar[MonitorState]
    MONITOR_STATE_OK: _ClassVar[MonitorState]
    MONITOR_STATE_PENDING: _ClassVar[MonitorState]
    MONITOR_STATE_FIRING: _ClassVar[MonitorState]
    MONITOR_STATE_RESOLVED: _ClassVar[MonitorState]
MONITOR_STATE_UNSPECIFIED: MonitorState
MONITOR_STATE_OK: MonitorState
MONITOR_STATE_PENDING: MonitorState
MONITOR_STATE_FIRING: MonitorState
MONITOR_STATE_RESOLVED: MonitorState

class MetricPoint(_message.Message):
    __slots__ = ("version", "metric", "value", "time", "labels")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    VERSION_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    version: str
    metric: str
    value: float
    time: _timestamp_pb2.Timestamp
    labels: _containers.ScalarMap[str, str]
    def __init__(self, version: _Optional[str] = ..., metric: _Optional[str] = ..., value: _Optional[float] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., labels: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ReportMetricsRequest(_message.Message):
    __slots__ = ("version", "points")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    version: str
    points: _containers.RepeatedCompositeFieldContainer[MetricPoint]
    def __init__(self, version: _Optional[str] = ..., points: _Optional[_Iterable[_Union[MetricPoint, _Mapping]]] = ...) -> None: ...

class ReportMetricsResponse(_message.Message):
    __slots__ = ("accepted_points",)
    ACCEPTED_POINTS_FIELD_NUMBER: _ClassVar[int]
    accepted_points: int
    def __init__(self, accepted_points: _Optional[int] = ...) -> None: ...

class BatchReportMetricsRequest(_message.Message):
    __slots__ = ("version", "points")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    version: str
    points: _containers.RepeatedCompositeFieldContainer[MetricPoint]
    def __init__(self, version: _Optional[str] = ..., points: _Optional[_Iterable[_Union[MetricPoint, _Mapping]]] = ...) -> None: ...

class BatchReportMetricsResponse(_message.Message):
    __slots__ = ("accepted_points",)
    ACCEPTED_POINTS_FIELD_NUMBER: _ClassVar[int]
    accepted_points: int
    def __init__(self, accepted_points: _Optional[int] = ...) -> None: ...

class ListMetricsRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class MetricDescriptor(_message.Message):
    __slots__ = ("metric", "label_keys", "series_count", "last_point_time")
    METRIC_FIELD_NUMBER: _ClassVar[int]
    LABEL_KEYS_FIELD_NUMBER: _ClassVar[int]
    SERIES_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_POINT_TIME_FIELD_NUMBER: _ClassVar[int]
    metric: str
    label_keys: _containers.RepeatedScalarFieldContainer[str]
    series_count: int
    last_point_time: _timestamp_pb2.Timestamp
    def __init__(self, metric: _Optional[str] = ..., label_keys: _Optional[_Iterable[str]] = ..., series_count: _Optional[int] = ..., last_point_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMetricsResponse(_message.Message):
    __slots__ = ("metrics",)
    METRICS_FIELD_NUMBER: _ClassVar[int]
    metrics: _containers.RepeatedCompositeFieldContainer[MetricDescriptor]
    def __init__(self, metrics: _Optional[_Iterable[_Union[MetricDescriptor, _Mapping]]] = ...) -> None: ...

class GetMetricSeriesRequest(_message.Message):
    __slots__ = ("version", "metric", "end_time", "window", "step", "aggregation", "labels")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    VERSION_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    AGGREGATION_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    version: str
    metric: str
    end_time: _timestamp_pb2.Timestamp
    window: _duration_pb2.Duration
    step: _duration_pb2.Duration
    aggregation: str
    labels: _containers.ScalarMap[str, str]
    def __init__(self, version: _Optional[str] = ..., metric: _Optional[str] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., window: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., step: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., aggregation: _Optional[str] = ..., labels: _Optional[_Mapping[str, str]] = ...) -> None: ...

class MetricBucket(_message.Message):
    __slots__ = ("start_time", "value", "count")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    value: float
    count: int
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., value: _Optional[float] = ..., count: _Optional[int] = ...) -> None: ...

class MetricSummary(_message.Message):
    __slots__ = ("count", "sum", "min", "max", "mean", "p50", "p95", "p99", "value")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    SUM_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    MEAN_FIELD_NUMBER: _ClassVar[int]
    P50_FIELD_NUMBER: _ClassVar[int]
    P95_FIELD_NUMBER: _ClassVar[int]
    P99_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    count: int
    sum: float
    min: float
    max: float
    mean: float
    p50: float
    p95: float
    p99: float
    value: float
    def __init__(self, count: _Optional[int] = ..., sum: _Optional[float] = ..., min: _Optional[float] = ..., max: _Optional[float] = ..., mean: _Optional[float] = ..., p50: _Optional[float] = ..., p95: _Optional[float] = ..., p99: _Optional[float] = ..., value: _Optional[float] = ...) -> None: ...

class GetMetricSeriesResponse(_message.Message):
    __slots__ = ("version", "metric", "aggregation", "start_time", "end_time", "step", "resolution", "buckets", "summary", "relative_accuracy")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    AGGREGATION_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    BUCKETS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    RELATIVE_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    version: str
    metric: str
    aggregation: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    step: _duration_pb2.Duration
    resolution: str
    buckets: _containers.RepeatedCompositeFieldContainer[MetricBucket]
    summary: MetricSummary
    relative_accuracy: float
    def __init__(self, version: _Optional[str] = ..., metric: _Optional[str] = ..., aggregation: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., step: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., resolution: _Optional[str] = ..., buckets: _Optional[_Iterable[_Union[MetricBucket, _Mapping]]] = ..., summary: _Optional[_Union[MetricSummary, _Mapping]] = ..., relative_accuracy: _Optional[float] = ...) -> None: ...

class CompareMetricSeriesRequest(_message.Message):
    __slots__ = ("champion", "challenger", "metric", "end_time", "window", "step", "aggregation", "labels")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CHAMPION_FIELD_NUMBER: _ClassVar[int]
    CHALLENGER_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    AGGREGATION_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    champion: str
    challenger: str
    metric: str
    end_time: _timestamp_pb2.Timestamp
    window: _duration_pb2.Duration
    step: _duration_pb2.Duration
    aggregation: str
    labels: _containers.ScalarMap[str, str]
    def __init__(self, champion: _Optional[str] = ..., challenger: _Optional[str] = ..., metric: _Optional[str] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., window: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., step: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., aggregation: _Optional[str] = ..., labels: _Optional[_Mapping[str, str]] = ...) -> None: ...

class CompareMetricSeriesResponse(_message.Message):
    __slots__ = ("champion", "challenger", "difference", "relative_difference_percent")
    CHAMPION_FIELD_NUMBER: _ClassVar[int]
    CHALLENGER_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_FIELD_NUMBER: _ClassVar[int]
    RELATIVE_DIFFERENCE_PERCENT_FIELD_NUMBER: _ClassVar[int]
    champion: GetMetricSeriesResponse
    challenger: GetMetricSeriesResponse
    difference: float
    relative_difference_percent: float
    def __init__(self, champion: _Optional[_Union[GetMetricSeriesResponse, _Mapping]] = ..., challenger: _Optional[_Union[GetMetricSeriesResponse, _Mapping]] = ..., difference: _Optional[float] = ..., relative_difference_percent: _Optional[float] = ...) -> None: ...

class Baseline(_message.Message):
    __slots__ = ("baseline", "by_percent", "higher_is_worse")
    BASELINE_FIELD_NUMBER: _ClassVar[int]
    BY_PERCENT_FIELD_NUMBER: _ClassVar[int]
    HIGHER_IS_WORSE_FIELD_NUMBER: _ClassVar[int]
    baseline: str
    by_percent: float
    higher_is_worse: bool
    def __init__(self, baseline: _Optional[str] = ..., by_percent: _Optional[float] = ..., higher_is_worse: _Optional[bool] = ...) -> None: ...

class Monitor(_message.Message):
    __slots__ = ("name", "alias", "metric", "aggregation", "window", "below", "above", "worse_than", "min_samples", "for_duration", "cooldown", "rollback", "labels", "description", "principal", "state", "state_time", "evaluate_time", "value", "samples", "evaluated_version", "rollback_time", "create_time", "creator")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    ALIAS_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    AGGREGATION_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    BELOW_FIELD_NUMBER: _ClassVar[int]
    ABOVE_FIELD_NUMBER: _ClassVar[int]
    WORSE_THAN_FIELD_NUMBER: _ClassVar[int]
    MIN_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    FOR_DURATION_FIELD_NUMBER: _ClassVar[int]
    COOLDOWN_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    STATE_TIME_FIELD_NUMBER: _ClassVar[int]
    EVALUATE_TIME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_VERSION_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    name: str
    alias: str
    metric: str
    aggregation: str
    window: _duration_pb2.Duration
    below: float
    above: float
    worse_than: Baseline
    min_samples: int
    for_duration: _duration_pb2.Duration
    cooldown: _duration_pb2.Duration
    rollback: bool
    labels: _containers.ScalarMap[str, str]
    description: str
    principal: str
    state: MonitorState
    state_time: _timestamp_pb2.Timestamp
    evaluate_time: _timestamp_pb2.Timestamp
    value: float
    samples: int
    evaluated_version: int
    rollback_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    creator: str
    def __init__(self, name: _Optional[str] = ..., alias: _Optional[str] = ..., metric: _Optional[str] = ..., aggregation: _Optional[str] = ..., window: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., below: _Optional[float] = ..., above: _Optional[float] = ..., worse_than: _Optional[_Union[Baseline, _Mapping]] = ..., min_samples: _Optional[int] = ..., for_duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., cooldown: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., rollback: _Optional[bool] = ..., labels: _Optional[_Mapping[str, str]] = ..., description: _Optional[str] = ..., principal: _Optional[str] = ..., state: _Optional[_Union[MonitorState, str]] = ..., state_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evaluate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., value: _Optional[float] = ..., samples: _Optional[int] = ..., evaluated_version: _Optional[int] = ..., rollback_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., creator: _Optional[str] = ...) -> None: ...

class MonitorTransition(_message.Message):
    __slots__ = ("name", "time", "from_state", "to_state", "version", "value", "samples", "threshold", "event_sequence", "rollback_version", "rollback_skipped")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    EVENT_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_VERSION_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_SKIPPED_FIELD_NUMBER: _ClassVar[int]
    name: str
    time: _timestamp_pb2.Timestamp
    from_state: MonitorState
    to_state: MonitorState
    version: int
    value: float
    samples: int
    threshold: float
    event_sequence: int
    rollback_version: int
    rollback_skipped: str
    def __init__(self, name: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., from_state: _Optional[_Union[MonitorState, str]] = ..., to_state: _Optional[_Union[MonitorState, str]] = ..., version: _Optional[int] = ..., value: _Optional[float] = ..., samples: _Optional[int] = ..., threshold: _Optional[float] = ..., event_sequence: _Optional[int] = ..., rollback_version: _Optional[int] = ..., rollback_skipped: _Optional[str] = ...) -> None: ...

class CreateMonitorRequest(_message.Message):
    __slots__ = ("parent", "monitor_id", "monitor")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    MONITOR_ID_FIELD_NUMBER: _ClassVar[int]
    MONITOR_FIELD_NUMBER: _ClassVar[int]
    parent: str
    monitor_id: str
    monitor: Monitor
    def __init__(self, parent: _Optional[str] = ..., monitor_id: _Optional[str] = ..., monitor: _Optional[_Union[Monitor, _Mapping]] = ...) -> None: ...

class CreateMonitorResponse(_message.Message):
    __slots__ = ("monitor",)
    MONITOR_FIELD_NUMBER: _ClassVar[int]
    monitor: Monitor
    def __init__(self, monitor: _Optional[_Union[Monitor, _Mapping]] = ...) -> None: ...

class GetMonitorRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetMonitorResponse(_message.Message):
    __slots__ = ("monitor",)
    MONITOR_FIELD_NUMBER: _ClassVar[int]
    monitor: Monitor
    def __init__(self, monitor: _Optional[_Union[Monitor, _Mapping]] = ...) -> None: ...

class ListMonitorsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMonitorsResponse(_message.Message):
    __slots__ = ("monitors", "next_page_token")
    MONITORS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    monitors: _containers.RepeatedCompositeFieldContainer[Monitor]
    next_page_token: str
    def __init__(self, monitors: _Optional[_Iterable[_Union[Monitor, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteMonitorRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteMonitorResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListMonitorTransitionsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMonitorTransitionsResponse(_message.Message):
    __slots__ = ("transitions", "next_page_token")
    TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    transitions: _containers.RepeatedCompositeFieldContainer[MonitorTransition]
    next_page_token: str
    def __init__(self, transitions: _Optional[_Iterable[_Union[MonitorTransition, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
