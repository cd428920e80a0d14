"""Taobao dispute playbooks: load, validate and render them.

The pipeline is made of pure functions, used alike by the MkDocs hook (``hooks/site.py``),
the command line (``python -m disputekb``) and the tests:

    sources.load_yaml -> library.load_library (validates) -> render.* (Markdown, HTML, JSON)
"""
