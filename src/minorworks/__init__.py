"""minorworks — 限额以下工程施工安全管理平台."""

__version__ = "0.1.0"
