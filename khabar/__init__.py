"""khabar (خبر): a self-hosted, Arabic-first news aggregator and news search engine."""

__version__ = "0.1.0"
