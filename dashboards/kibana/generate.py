#!/usr/bin/env python3
"""Writes the medwarn Kibana 8.x saved objects (*.ndjson) next to this script.

The .ndjson files are what import.sh uploads and what KibanaSavedObjectsTest checks
against the index templates (jobs/src/main/resources/medwarn/search/). Kibana stores
much of a dashboard as JSON inside JSON strings (panelsJSON, searchSourceJSON,
runtimeFieldMap, ...), which is unreadable to edit by hand: change this script and
rerun it (python3, standard library only), then commit both.

    python3 dashboards/kibana/generate.py

Output is deterministic (fixed ids, sorted nothing, no timestamps), so a rerun without
changes leaves the files identical.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Migration versions: the import migrates objects from these versions to the running
# Kibana's. Lens 8.9.0 is the last pre-model-version Lens migration, so Kibana >= 8.9
# is required; the other types use the versions Kibana's own sample data ships with.
CORE_MIGRATION = "8.8.0"
TYPE_MIGRATION = {
    "index-pattern": "7.11.0",
    "search": "7.9.3",
    "lens": "8.9.0",
    "dashboard": "8.7.0",
}
PANEL_VERSION = "8.9.0"

LEDGER, WARNINGS, AGGREGATES = "medwarn-ledger", "medwarn-warnings", "medwarn-aggregates"

# 蓝/黄/红: DOMAIN.md §2 thresholds in 元 (the policy file is the source of truth for
# the job; these only draw reference lines and must be edited with the policy).
LEVELS = [
    ("BLUE", "蓝 blue", "#1f6fd1"),
    ("YELLOW", "黄 yellow", "#e0b000"),
    ("RED", "红 red", "#d6301e"),
]
THRESHOLDS_YUAN = [
    (30000, "蓝 blue ≥ 30,000 元 (assistance targets)", "#1f6fd1"),
    (100000, "黄 yellow ≥ 100,000 元", "#e0b000"),
    (300000, "红 red ≥ 300,000 元", "#d6301e"),
]
YUAN_FORMAT = {"id": "number", "params": {"pattern": "0,0.00"}}


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def saved_object(obj_type, obj_id, attributes, references):
    return {
        "id": obj_id,
        "type": obj_type,
        "managed": False,
        "coreMigrationVersion": CORE_MIGRATION,
        "typeMigrationVersion": TYPE_MIGRATION[obj_type],
        "attributes": attributes,
        "references": references,
    }


# ---------------------------------------------------------------- data views


def yuan_runtime_field(cents_field):
    """A display-only double in 元 from an exact *_cents long (absent when the cents are)."""
    return {
        "type": "double",
        "script": {
            "source": f"if (doc['{cents_field}'].size() != 0) "
            f"{{ emit(doc['{cents_field}'].value / 100.0); }}"
        },
    }


def data_view(view_id, name, time_field, runtime_fields, labels):
    formats = {field: YUAN_FORMAT for field in runtime_fields}
    attrs = {
        "title": view_id + "*",
        "name": name,
        "timeFieldName": time_field,
        "runtimeFieldMap": dumps(runtime_fields),
        "fieldFormatMap": dumps(formats),
        "fieldAttrs": dumps({field: {"customLabel": label} for field, label in labels.items()}),
        "fields": "[]",
        "typeMeta": "{}",
        "allowNoIndex": True,
    }
    return saved_object("index-pattern", view_id, attrs, [])


REGION_LABELS = {
    "township_name": "乡镇 township",
    "village_name": "村 village",
    "category": "类别 category",
}
PERSON_LABELS = dict(
    REGION_LABELS,
    identity="身份 identity",
    psn_name_masked="姓名 name",
    certno_masked="身份证号 ID",
)

DATA_VIEWS = [
    data_view(
        LEDGER,
        "medwarn 动态监测台账 ledger (person × year)",
        "last_setl_time",
        {
            "annual_self_pay_yuan": yuan_runtime_field("annual_self_pay_cents"),
            "threshold_yuan": yuan_runtime_field("threshold_cents"),
        },
        dict(
            PERSON_LABELS,
            annual_self_pay_yuan="年度个人负担 annual self-pay (元)",
            threshold_yuan="阈值 threshold (元)",
            level="等级 level",
        ),
    ),
    data_view(
        WARNINGS,
        "medwarn 预警 warnings (level changes)",
        "event_time",
        {
            "annual_self_pay_yuan": yuan_runtime_field("annual_self_pay_cents"),
            "threshold_yuan": yuan_runtime_field("threshold_cents"),
        },
        dict(
            PERSON_LABELS,
            annual_self_pay_yuan="年度个人负担 annual self-pay (元)",
            threshold_yuan="阈值 threshold (元)",
            to_level="新等级 new level",
            from_level="原等级 previous level",
            status="状态 status",
            assignee="负责人 assignee",
            event_time="预警时间 time",
        ),
    ),
    data_view(
        AGGREGATES,
        "medwarn 汇总 aggregates (region × category × level)",
        "as_of",
        {"self_pay_yuan": yuan_runtime_field("self_pay_cents")},
        dict(REGION_LABELS, self_pay_yuan="个人负担合计 self-pay (元)", persons="人数 persons"),
    ),
]

# ---------------------------------------------------------------- lens columns


def kql(query):
    return {"query": query, "language": "kuery"}


def terms(field, label, size, order_by=None, direction="asc"):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "string",
        "operationType": "terms",
        "sourceField": field,
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": order_by}
            if order_by
            else {"type": "alphabetical", "fallback": False},
            "orderDirection": direction,
            "otherBucket": False,
            "missingBucket": False,
            "parentFormat": {"id": "terms"},
            "include": [],
            "exclude": [],
            "includeIsRegex": False,
            "excludeIsRegex": False,
        },
    }


def metric(operation, field, label, query=None, fmt=None):
    column = {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": operation,
        "sourceField": field,
        "isBucketed": False,
        "scale": "ratio",
        "params": {"emptyAsNull": True},
    }
    if fmt:
        column["params"]["format"] = fmt
    if query:
        column["filter"] = kql(query)
    return column


def count(label, query=None):
    return metric("count", "___records___", label, query)


def daily(field, label):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "date",
        "operationType": "date_histogram",
        "sourceField": field,
        "isBucketed": True,
        "scale": "interval",
        # One bucket per daily snapshot: a wider bucket would add up several days.
        "params": {"interval": "d", "includeEmptyRows": False, "dropPartials": False},
    }


def histogram(field, label, max_bars):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": "range",
        "sourceField": field,
        "isBucketed": True,
        "scale": "interval",
        "params": {
            "type": "histogram",
            "maxBars": max_bars,
            "includeEmptyRows": True,
            "ranges": [{"from": 0, "to": 1000, "label": ""}],
        },
    }


def ranges(field, label, bounds):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "string",
        "operationType": "range",
        "sourceField": field,
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "type": "range",
            "maxBars": "auto",
            "ranges": [{"from": lo, "to": hi, "label": text} for lo, hi, text in bounds],
            "parentFormat": {"id": "range", "params": {"template": "arrow_right"}},
        },
    }


def static_value(value, label):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": "static_value",
        "isStaticValue": True,
        "isBucketed": False,
        "scale": "ratio",
        "params": {"value": str(value)},
        "references": [],
    }


def per_level(operation, field, unit, fmt=None):
    """One column per warning level, each filtered to it, so each gets its level's colour."""
    return {
        level.lower(): metric(operation, field, f"{label} {unit}", f"level:{level}", fmt)
        for level, label, _ in LEVELS
    }


def level_colours(prefix=""):
    return [{"forAccessor": prefix + level.lower(), "color": colour} for level, _, colour in LEVELS]


# ---------------------------------------------------------------- lens objects


def lens(obj_id, title, description, vis_type, view, query, layers, visualization):
    """layers: {layer_id: {column_id: column}}; every layer reads the data view `view`."""
    datasource_layers = {
        layer_id: {
            "columns": columns,
            "columnOrder": list(columns),
            "incompleteColumns": {},
            "sampling": 1,
        }
        for layer_id, columns in layers.items()
    }
    attrs = {
        "title": title,
        "description": description,
        "visualizationType": vis_type,
        "state": {
            "datasourceStates": {"formBased": {"layers": datasource_layers}},
            "visualization": visualization,
            "query": kql(query),
            "filters": [],
            "internalReferences": [],
            "adHocDataViews": {},
        },
    }
    refs = [
        {"type": "index-pattern", "id": view, "name": f"indexpattern-datasource-layer-{layer_id}"}
        for layer_id in layers
    ]
    return saved_object("lens", obj_id, attrs, refs)


def xy(layers, series="bar_stacked", y_title=None, x_title=None, y_scale="linear"):
    return {
        "legend": {"isVisible": True, "position": "bottom", "showSingleSeries": True},
        "valueLabels": "hide",
        "fittingFunction": "None",
        "preferredSeriesType": series,
        "yLeftScale": y_scale,
        "yLeftExtent": {"mode": "full"},
        "axisTitlesVisibilitySettings": {"x": True, "yLeft": True, "yRight": False},
        "tickLabelsVisibilitySettings": {"x": True, "yLeft": True, "yRight": False},
        "gridlinesVisibilitySettings": {"x": True, "yLeft": True, "yRight": False},
        "labelsOrientation": {"x": 0, "yLeft": 0, "yRight": 0},
        **({"yTitle": y_title} if y_title else {}),
        **({"xTitle": x_title} if x_title else {}),
        "layers": layers,
    }


def data_layer(layer_id, x, accessors, series, split=None, colours=None):
    layer = {
        "layerId": layer_id,
        "layerType": "data",
        "seriesType": series,
        "xAccessor": x,
        "accessors": accessors,
        "yConfig": colours or [],
        "palette": {"type": "palette", "name": "default"},
    }
    if split:
        layer["splitAccessor"] = split
    return layer


def metric_tile(obj_id, title, view, query, column, colour):
    return lens(
        obj_id,
        title,
        "",
        "lnsMetric",
        view,
        query,
        {"main": {"value": column}},
        {"layerId": "main", "layerType": "data", "metricAccessor": "value", "color": colour},
    )



def per_level_chart(obj_id, title, description, view, query, x_id, x_column, level_columns, series, y_title):
    """An XY chart with one coloured series per warning level (level_columns from per_level)."""
    return lens(
        obj_id,
        title,
        description,
        "lnsXY",
        view,
        query,
        {"main": {x_id: x_column, **level_columns}},
        xy(
            [data_layer("main", x_id, [level.lower() for level, _, _ in LEVELS], series, colours=level_colours())],
            series,
            y_title=y_title,
        ),
    )

def table(obj_id, title, description, view, query, columns, sort_by):
    return lens(
        obj_id,
        title,
        description,
        "lnsDatatable",
        view,
        query,
        {"main": columns},
        {
            "layerId": "main",
            "layerType": "data",
            "columns": [{"columnId": column_id, "isTransposed": False} for column_id in columns],
            "sorting": {"columnId": sort_by, "direction": "desc"},
            "rowHeight": "single",
            "headerRowHeight": "single",
        },
    )


# ---------------------------------------------------------------- dashboards


def dashboard(obj_id, title, description, time_from, time_to, panels, controls):
    """panels: [(saved object, x, y, w, h)]; controls: [(control type, view, field, title)]."""
    panel_json, refs = [], []
    for index, (obj, x, y, w, h) in enumerate(panels):
        panel_index = f"{obj_id}-{index}"
        panel_json.append(
            {
                "version": PANEL_VERSION,
                "type": obj["type"],
                "gridData": {"x": x, "y": y, "w": w, "h": h, "i": panel_index},
                "panelIndex": panel_index,
                "embeddableConfig": {"enhancements": {}},
                "panelRefName": f"panel_{index}",
            }
        )
        refs.append({"type": obj["type"], "id": obj["id"], "name": f"panel_{index}"})
    control_panels = {}
    for order, (control_type, view, field, control_title) in enumerate(controls):
        control_id = f"{obj_id}-control-{field}"
        control_panels[control_id] = {
            "order": order,
            "width": "medium",
            "grow": True,
            "type": control_type,
            "explicitInput": {
                "id": control_id,
                "fieldName": field,
                "title": control_title,
                "enhancements": {},
            },
        }
        data_view_ref = (
            "optionsListDataView" if control_type == "optionsListControl" else "rangeSliderDataView"
        )
        refs.append(
            {
                "type": "index-pattern",
                "id": view,
                "name": f"controlGroup_{control_id}:{data_view_ref}",
            }
        )
    attrs = {
        "title": title,
        "description": description,
        "version": 1,
        "timeRestore": True,
        "timeFrom": time_from,
        "timeTo": time_to,
        "refreshInterval": {"pause": False, "value": 60000},
        "optionsJSON": dumps(
            {
                "useMargins": True,
                "syncColors": False,
                "syncCursor": True,
                "syncTooltips": False,
                "hidePanelTitles": False,
            }
        ),
        "panelsJSON": dumps(panel_json),
        "controlGroupInput": {
            "controlStyle": "oneLine",
            "chainingSystem": "HIERARCHICAL",
            "panelsJSON": dumps(control_panels),
            "ignoreParentSettingsJSON": dumps(
                {
                    "ignoreFilters": False,
                    "ignoreQuery": False,
                    "ignoreTimerange": False,
                    "ignoreValidations": False,
                }
            ),
        },
        "kibanaSavedObjectMeta": {"searchSourceJSON": dumps({"query": kql(""), "filter": []})},
    }
    return saved_object("dashboard", obj_id, attrs, refs)


# (a) leadership overview: aggregates (current + daily snapshots)

CURRENT_COUNTY = "doc_type:current and region_level:county"
CURRENT_TOWNSHIP = "doc_type:current and region_level:township"
CURRENT_VILLAGE = "doc_type:current and region_level:village"
DAILY_COUNTY = "doc_type:daily and region_level:county"

now_tiles = [
    metric_tile(
        f"medwarn-lens-persons-now-{level.lower()}",
        f"{label}: persons now 当前人数",
        AGGREGATES,
        f"{CURRENT_COUNTY} and level:{level}",
        metric("sum", "persons", f"{label} persons"),
        colour,
    )
    for level, label, colour in LEVELS
]
self_pay_now = metric_tile(
    "medwarn-lens-self-pay-now",
    "Self-pay of warned persons 预警人员个人负担合计 (元)",
    AGGREGATES,
    f"{CURRENT_COUNTY} and not level:NONE",
    metric("sum", "self_pay_yuan", "Self-pay (元)", fmt=YUAN_FORMAT),
    "#555555",
)
per_township = per_level_chart(
    "medwarn-lens-persons-per-township",
    "Persons per level now, per township 各乡镇当前预警人数",
    "Sum of persons in the current township aggregates, one bar per township, stacked by level.",
    AGGREGATES,
    CURRENT_TOWNSHIP,
    "township",
    terms("township_name", "乡镇 township", 50),
    per_level("sum", "persons", "persons"),
    "bar_horizontal_stacked",
    "persons 人数",
)
trend = per_level_chart(
    "medwarn-lens-persons-trend",
    "Persons per level over the year 预警人数趋势",
    "Daily snapshots of the county aggregates (one bucket per snapshot_date).",
    AGGREGATES,
    DAILY_COUNTY,
    "day",
    daily("snapshot_date", "日期 day"),
    per_level("sum", "persons", "persons"),
    "line",
    "persons 人数",
)
self_pay_trend = lens(
    "medwarn-lens-self-pay-trend",
    "Self-pay totals over the year by category 个人负担合计趋势 (元)",
    "Daily snapshots of the county aggregates: total self-pay of all persons, per category.",
    "lnsXY",
    AGGREGATES,
    DAILY_COUNTY,
    {
        "main": {
            "day": daily("snapshot_date", "日期 day"),
            "category": terms("category", "类别 category", 2),
            "self_pay": metric("sum", "self_pay_yuan", "Self-pay (元)", fmt=YUAN_FORMAT),
        }
    },
    xy([data_layer("main", "day", ["self_pay"], "line", split="category")], "line", y_title="元"),
)
by_category = per_level_chart(
    "medwarn-lens-persons-by-category",
    "Assistance targets vs ordinary insured: persons per level now 帮扶对象与普通参保群众",
    "ASSISTED = 帮扶对象 (blue from 30,000 元), ORDINARY = 普通参保群众 (no blue level).",
    AGGREGATES,
    CURRENT_COUNTY,
    "category",
    terms("category", "类别 category", 2),
    per_level("sum", "persons", "persons"),
    "bar_stacked",
    "persons 人数",
)
self_pay_by_category = per_level_chart(
    "medwarn-lens-self-pay-by-category",
    "Self-pay of warned persons by category and level 个人负担合计 (元)",
    "Sum of self-pay in the current county aggregates, warned levels only.",
    AGGREGATES,
    CURRENT_COUNTY,
    "category",
    terms("category", "类别 category", 2),
    per_level("sum", "self_pay_yuan", "self-pay (元)", YUAN_FORMAT),
    "bar_stacked",
    "元",
)
villages = table(
    "medwarn-lens-villages",
    "Villages with warned persons 各村预警人数",
    "Current village aggregates; sorted by red, then click a row value to filter the dashboard.",
    AGGREGATES,
    f"{CURRENT_VILLAGE} and not level:NONE",
    {
        "township": terms("township_name", "乡镇 township", 50),
        "village": terms("village_name", "村 village", 200, order_by="red", direction="desc"),
        **per_level("sum", "persons", "persons"),
    },
    "red",
)
LEADERSHIP = now_tiles + [self_pay_now, per_township, trend, by_category, self_pay_by_category, self_pay_trend, villages]
leadership = dashboard(
    "medwarn-leadership-overview",
    "medwarn 领导总览 Leadership overview",
    "因病返贫致贫预警: persons per level now (county, per township, per village), the trend over the "
    "year and self-pay totals, assistance targets vs ordinary insured. Pick the year with the "
    "control; the time picker selects aggregates by as_of.",
    "now/y",
    "now",
    [
        (now_tiles[0], 0, 0, 12, 6),
        (now_tiles[1], 12, 0, 12, 6),
        (now_tiles[2], 24, 0, 12, 6),
        (self_pay_now, 36, 0, 12, 6),
        (per_township, 0, 6, 24, 18),
        (trend, 24, 6, 24, 18),
        (by_category, 0, 24, 16, 14),
        (self_pay_by_category, 16, 24, 16, 14),
        (self_pay_trend, 32, 24, 16, 14),
        (villages, 0, 38, 48, 16),
    ],
    [
        ("rangeSliderControl", AGGREGATES, "year", "年度 year"),
        ("optionsListControl", AGGREGATES, "township_name", "乡镇 township"),
        ("optionsListControl", AGGREGATES, "category", "类别 category"),
    ],
)

# (b) officer queue: NEW warnings, most severe first, newest first

queue_search = saved_object(
    "search",
    "medwarn-new-warnings",
    {
        "title": "medwarn 待处理预警 NEW warnings queue",
        "description": "Warnings with status NEW, red first, then newest first (预警处置队列).",
        "columns": [
            "to_level",
            "event_time",
            "township_name",
            "village_name",
            "psn_name_masked",
            "certno_masked",
            "category",
            "identity",
            "annual_self_pay_text",
            "from_level",
            "direction",
            "assignee",
            "warning_id",
        ],
        "sort": [["to_level_rank", "desc"], ["event_time", "desc"]],
        "grid": {},
        "hideChart": True,
        "isTextBasedQuery": False,
        "kibanaSavedObjectMeta": {
            "searchSourceJSON": dumps(
                {
                    "query": kql("status:NEW"),
                    "filter": [],
                    "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
                }
            )
        },
    },
    [{"type": "index-pattern", "id": WARNINGS, "name": "kibanaSavedObjectMeta.searchSourceJSON.index"}],
)
queue_tiles = [
    metric_tile(
        f"medwarn-lens-new-warnings-{level.lower()}",
        f"NEW {label} warnings 待处理",
        WARNINGS,
        f"status:NEW and to_level:{level}",
        count(f"NEW {label}"),
        colour,
    )
    for level, label, colour in LEVELS
]
queue_per_township = per_level_chart(
    "medwarn-lens-new-warnings-per-township",
    "NEW warnings per township and level 各乡镇待处理预警",
    "",
    WARNINGS,
    "status:NEW",
    "township",
    terms("township_name", "乡镇 township", 50),
    {level.lower(): count(label, f"to_level:{level}") for level, label, _ in LEVELS},
    "bar_horizontal_stacked",
    "warnings 预警数",
)
queue = dashboard(
    "medwarn-officer-queue",
    "medwarn 预警处置队列 Officer queue",
    "NEW warnings, red first then newest first; filter by township, level and category with the "
    "controls. Names and ID numbers are masked.",
    "now-2y",
    "now",
    [
        (queue_tiles[0], 0, 0, 10, 6),
        (queue_tiles[1], 10, 0, 10, 6),
        (queue_tiles[2], 20, 0, 10, 6),
        (queue_per_township, 30, 0, 18, 14),
        (queue_search, 0, 14, 48, 26),
    ],
    [
        ("optionsListControl", WARNINGS, "township_name", "乡镇 township"),
        ("optionsListControl", WARNINGS, "to_level", "等级 level"),
        ("optionsListControl", WARNINGS, "category", "类别 category"),
    ],
)

# (c) threshold tuning: distribution of annual totals with the thresholds marked

tuning_histogram = lens(
    "medwarn-lens-annual-self-pay-histogram",
    "Annual self-pay per person, 10,000–500,000 元, with the thresholds 年度个人负担分布",
    "Ledger person-years with an annual self-pay from 10,000 to 500,000 元 (edit the query for "
    "another window; the ledger holds a person-year from the policy's ledger_floor, 10,000 元 by "
    "default, or a level), stacked by category; the dashed lines are the 蓝/黄/红 thresholds of "
    "the default policy.",
    "lnsXY",
    LEDGER,
    "annual_self_pay_cents >= 1000000 and annual_self_pay_cents < 50000000",
    {
        "main": {
            "amount": histogram("annual_self_pay_yuan", "年度个人负担 annual self-pay (元)", 100),
            "category": terms("category", "类别 category", 2),
            "persons": count("person-years 人次"),
        },
        "thresholds": {
            f"threshold_{value}": static_value(value, label) for value, label, _ in THRESHOLDS_YUAN
        },
    },
    xy(
        [
            data_layer("main", "amount", ["persons"], "bar_stacked", split="category"),
            {
                "layerId": "thresholds",
                "layerType": "referenceLine",
                "accessors": [f"threshold_{value}" for value, _, _ in THRESHOLDS_YUAN],
                "yConfig": [
                    {
                        "forAccessor": f"threshold_{value}",
                        "axisMode": "bottom",
                        "color": colour,
                        "lineStyle": "dashed",
                        "lineWidth": 2,
                        "textVisibility": True,
                        "icon": "empty",
                        "fill": "none",
                    }
                    for value, _, colour in THRESHOLDS_YUAN
                ],
            },
        ],
        "bar_stacked",
        y_title="person-years 人次",
        x_title="annual self-pay 年度个人负担 (元)",
    ),
)
NEAR = [
    (27000, 30000, "27,000–30,000 (blue −10%)"),
    (30000, 33000, "30,000–33,000 (blue +10%)"),
    (90000, 100000, "90,000–100,000 (yellow −10%)"),
    (100000, 110000, "100,000–110,000 (yellow +10%)"),
    (270000, 300000, "270,000–300,000 (red −10%)"),
    (300000, 330000, "300,000–330,000 (red +10%)"),
]
near_thresholds = table(
    "medwarn-lens-near-thresholds",
    "Person-years within 10% of a threshold 阈值附近人数",
    "How many person-years a ±10% change of a threshold would move, per category.",
    LEDGER,
    "",
    {
        "band": ranges("annual_self_pay_yuan", "年度个人负担 band (元)", NEAR),
        "assisted": count("帮扶对象 ASSISTED", "category:ASSISTED"),
        "ordinary": count("普通参保群众 ORDINARY", "category:ORDINARY"),
    },
    "assisted",
)
levels_by_category = per_level_chart(
    "medwarn-lens-ledger-levels",
    "Ledger: person-years per level and category 台账等级分布",
    "",
    LEDGER,
    "not level:NONE",
    "category",
    terms("category", "类别 category", 2),
    {level.lower(): count(label, f"level:{level}") for level, label, _ in LEVELS},
    "bar_stacked",
    "person-years 人次",
)
tuning = dashboard(
    "medwarn-threshold-tuning",
    "medwarn 阈值调优 Threshold tuning",
    "Distribution of annual self-pay per person-year from the ledger with the 蓝/黄/红 thresholds "
    "marked, and how many person-years sit within 10% of each threshold. Pick one year with the "
    "control.",
    "now-2y",
    "now",
    [
        (tuning_histogram, 0, 0, 48, 20),
        (near_thresholds, 0, 20, 28, 14),
        (levels_by_category, 28, 20, 20, 14),
    ],
    [
        ("rangeSliderControl", LEDGER, "year", "年度 year"),
        ("optionsListControl", LEDGER, "category", "类别 category"),
        ("optionsListControl", LEDGER, "township_name", "乡镇 township"),
    ],
)

FILES = {
    "data-views.ndjson": DATA_VIEWS,
    "leadership-overview.ndjson": LEADERSHIP + [leadership],
    "officer-queue.ndjson": [queue_search] + queue_tiles + [queue_per_township, queue],
    "threshold-tuning.ndjson": [tuning_histogram, near_thresholds, levels_by_category, tuning],
}


def main():
    for name, objects in FILES.items():
        path = os.path.join(HERE, name)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            for obj in objects:
                out.write(dumps(obj) + "\n")
        print(f"wrote {len(objects)} saved objects to {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
