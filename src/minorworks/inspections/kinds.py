"""The documents this capability prints: the inspection record (检查记录表, it carries the inspection's own
number) and the rectification notice (隐患整改通知书, numbered per district and year)."""

from minorworks.core.documents.kinds import declare

INSPECTION_RECORD = declare("inspection_record", "限额以下工程安全检查记录表")
RECTIFICATION_NOTICE = declare("rectification_notice", "隐患整改通知书", "{district}ZG{year}{n:06d}")
